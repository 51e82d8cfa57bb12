/** Milliseconds from a monotonic source; injected so tests replay time exactly. */
export type Clock = () => number;

export const monotonicClock: Clock = () => performance.now();

/** A token bucket's shape: `perSecond` tokens flow in, at most `burst` wait in the bucket. */
export interface RateSettings {
  /** Tokens added per second; `0` turns the limit off. */
  perSecond: number;
  /** Most tokens the bucket holds: how many messages may arrive at once. */
  burst: number;
}

export interface BucketState {
  tokens: number;
  /** Clock reading when `tokens` was last brought up to date. */
  at: number;
}

export function fullBucket(settings: RateSettings, now: number): BucketState {
  return { tokens: settings.burst, at: now };
}

/** The bucket at `now`: refilled for the time elapsed, never above `burst`. Pure. */
export function refill(state: BucketState, settings: RateSettings, now: number): BucketState {
  const elapsed = Math.max(0, now - state.at) / 1000;
  return { tokens: Math.min(settings.burst, state.tokens + elapsed * settings.perSecond), at: now };
}

/** Whole seconds until the bucket holds a token again (at least 1); `0` when it holds one now. */
export function secondsUntilToken(state: BucketState, settings: RateSettings): number {
  if (isLimitOff(settings) || state.tokens >= 1) return 0;
  return Math.max(1, Math.ceil((1 - state.tokens) / settings.perSecond));
}

export function isLimitOff(settings: RateSettings): boolean {
  return settings.perSecond <= 0;
}

/** One bucket with its own state, e.g. one connection's. */
export class TokenBucket {
  readonly #settings: RateSettings;
  readonly #clock: Clock;
  #state: BucketState;

  constructor(settings: RateSettings, clock: Clock = monotonicClock) {
    this.#settings = settings;
    this.#clock = clock;
    this.#state = fullBucket(settings, clock());
  }

  /** Whole tokens available now. */
  available(): number {
    if (isLimitOff(this.#settings)) return Number.POSITIVE_INFINITY;
    this.#state = refill(this.#state, this.#settings, this.#clock());
    return Math.floor(this.#state.tokens);
  }

  /** Takes one token if there is one. */
  tryTake(): boolean {
    if (this.available() < 1) return false;
    this.#state = { ...this.#state, tokens: this.#state.tokens - 1 };
    return true;
  }
}
