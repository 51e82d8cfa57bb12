import { monotonicClock, type Clock } from "./token-bucket.ts";

/** Counts strikes in a sliding window: `strike()` says when `max` fell within `windowMs`. */
export class StrikeCounter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #clock: Clock;
  // At most `max` timestamps, oldest first.
  readonly #times: number[] = [];

  constructor(max: number, windowMs: number, clock: Clock = monotonicClock) {
    this.#max = max;
    this.#windowMs = windowMs;
    this.#clock = clock;
  }

  /** Records a strike; true once `max` strikes fell within the window (never when `max` is 0). */
  strike(): boolean {
    if (this.#max <= 0) return false;
    const now = this.#clock();
    while (this.#times.length > 0 && now - this.#times[0]! >= this.#windowMs) this.#times.shift();
    this.#times.push(now);
    if (this.#times.length > this.#max) this.#times.shift();
    return this.#times.length >= this.#max;
  }
}
