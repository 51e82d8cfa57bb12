import { KeyedBuckets } from "./keyed-buckets.ts";
import { monotonicClock, type Clock } from "./token-bucket.ts";

/**
 * Failed authentications per client address: each wrong token takes one of the address's
 * `perMinute` tokens, which refill over a minute. An address with none left is refused before
 * any token it presents is even compared, right or wrong, so guessing cannot go on and a
 * refusal says nothing about the guess.
 */
export class AuthFailures {
  readonly #buckets: KeyedBuckets;

  /** `perMinute`: failures allowed per address per minute; 0 turns the limit off. */
  constructor(perMinute: number, clock: Clock = monotonicClock) {
    this.#buckets = new KeyedBuckets({ perSecond: perMinute / 60, burst: Math.max(1, perMinute) }, clock);
  }

  /** The address has used up its failures: refuse its credentials with `RATE_LIMITED`. */
  isBlocked(address: string): boolean {
    return this.#buckets.available(address) < 1;
  }

  /** Whole seconds until `address` may present credentials again. */
  retryAfterSeconds(address: string): number {
    return this.#buckets.retryAfterSeconds(address);
  }

  /** Counts a wrong token presented from `address`. */
  recordFailure(address: string): void {
    this.#buckets.tryTake(address);
  }
}

export const AUTH_BLOCKED_MESSAGE = "too many failed authentications from this address; wait a minute and retry";
