/**
 * A map that keeps at most `capacity` entries, forgetting the least recently used one first.
 * Map iteration follows insertion order, so re-inserting on every read keeps the oldest first.
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The cached value for `key`, computing and keeping it on a miss. */
  getOrCompute(key: K, compute: (key: K) => V): V {
    const entries = this.#entries;
    if (entries.has(key)) {
      const value = entries.get(key) as V;
      entries.delete(key);
      entries.set(key, value);
      return value;
    }
    const value = compute(key);
    entries.set(key, value);
    if (entries.size > this.#capacity) entries.delete(entries.keys().next().value as K);
    return value;
  }
}
