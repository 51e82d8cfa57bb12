import {
  fullBucket,
  isLimitOff,
  monotonicClock,
  refill,
  secondsUntilToken,
  type BucketState,
  type Clock,
  type RateSettings,
} from "./token-bucket.ts";

/** How often idle (full) buckets are forgotten, so one-off keys do not pile up. */
const SWEEP_INTERVAL_MS = 60_000;

/** One token bucket per key (an IP address, a customer), created on first use. */
export class KeyedBuckets {
  readonly #settings: RateSettings;
  readonly #clock: Clock;
  readonly #buckets = new Map<string, BucketState>();
  #sweptAt: number;

  constructor(settings: RateSettings, clock: Clock = monotonicClock) {
    this.#settings = settings;
    this.#clock = clock;
    this.#sweptAt = clock();
  }

  /** Whole tokens `key` has now. */
  available(key: string): number {
    if (isLimitOff(this.#settings)) return Number.POSITIVE_INFINITY;
    return Math.floor(this.#current(key).tokens);
  }

  /** Takes one of `key`'s tokens if it has one. */
  tryTake(key: string): boolean {
    if (isLimitOff(this.#settings)) return true;
    const state = this.#current(key);
    if (state.tokens < 1) return false;
    this.#buckets.set(key, { ...state, tokens: state.tokens - 1 });
    return true;
  }

  /** Whole seconds until `key` has a token again; `0` when it has one now (or the limit is off). */
  retryAfterSeconds(key: string): number {
    if (isLimitOff(this.#settings)) return 0;
    return secondsUntilToken(this.#current(key), this.#settings);
  }

  /** Keys with a bucket in memory (for tests and metrics). */
  get size(): number {
    return this.#buckets.size;
  }

  #current(key: string): BucketState {
    const now = this.#clock();
    this.#sweep(now);
    const known = this.#buckets.get(key);
    const state = known ? refill(known, this.#settings, now) : fullBucket(this.#settings, now);
    this.#buckets.set(key, state);
    return state;
  }

  #sweep(now: number): void {
    if (now - this.#sweptAt < SWEEP_INTERVAL_MS) return;
    this.#sweptAt = now;
    for (const [key, state] of this.#buckets) {
      // A bucket that has refilled is the same as no bucket.
      if (refill(state, this.#settings, now).tokens >= this.#settings.burst) this.#buckets.delete(key);
    }
  }
}
