/**
 * Which flow version new sessions start on, without asking the database for every session.
 * The answer is kept for `maxAgeMs`; an activation on this instance replaces it at once, and
 * one announced by another instance drops it. The age bounds how stale it can be when such an
 * announcement is lost (Redis away). Concurrent misses share one read.
 */
export class ActiveVersionCache {
  readonly #read: () => Promise<number | null>;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  #known: { version: number; at: number } | undefined;
  #reading: Promise<number | null> | undefined;
  /** Bumped by every change, so a read that started before it is not kept. */
  #generation = 0;

  constructor(read: () => Promise<number | null>, maxAgeMs: number, now: () => number = () => performance.now()) {
    this.#read = read;
    this.#maxAgeMs = maxAgeMs;
    this.#now = now;
  }

  /** The active version, `null` when none is installed. */
  get(): Promise<number | null> {
    const known = this.#known;
    if (known && this.#now() - known.at < this.#maxAgeMs) return Promise.resolve(known.version);
    return (this.#reading ??= this.#readNow());
  }

  /** This instance activated `version`. */
  set(version: number): void {
    this.#generation++;
    this.#reading = undefined;
    this.#known = { version, at: this.#now() };
  }

  /** Another instance may have activated a version. */
  forget(): void {
    this.#generation++;
    this.#reading = undefined;
    this.#known = undefined;
  }

  async #readNow(): Promise<number | null> {
    const generation = this.#generation;
    const startedAt = this.#now();
    try {
      const version = await this.#read();
      if (generation === this.#generation && version !== null) this.#known = { version, at: startedAt };
      return version;
    } finally {
      if (generation === this.#generation) this.#reading = undefined;
    }
  }
}
