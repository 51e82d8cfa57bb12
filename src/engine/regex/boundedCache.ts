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

  /** The cached value for `key`, now the most recently used; `undefined` when it is not kept. */
  get(key: K): V | undefined {
    const entries = this.#entries;
    if (!entries.has(key)) return undefined;
    const value = entries.get(key) as V;
    entries.delete(key);
    entries.set(key, value);
    return value;
  }

  /** Keeps `value` as the most recently used, forgetting the least recently used entry past the capacity. */
  set(key: K, value: V): void {
    const entries = this.#entries;
    entries.delete(key);
    entries.set(key, value);
    if (entries.size > this.#capacity) entries.delete(entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  /** The cached value for `key`, computing and keeping it on a miss. */
  getOrCompute(key: K, compute: (key: K) => V): V {
    if (this.#entries.has(key)) return this.get(key) as V;
    const value = compute(key);
    this.set(key, value);
    return value;
  }
}
