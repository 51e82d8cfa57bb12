import { KeyedBuckets } from "./keyed-buckets.ts";
import type { LimitSettings } from "./limit-settings.ts";
import { StrikeCounter } from "./strike-counter.ts";
import { monotonicClock, TokenBucket, type Clock } from "./token-bucket.ts";

/** `accepted`: process the frame; `limited`: answer RATE_LIMITED; `abusive`: that, then close (1008). */
export type Admission = "accepted" | "limited" | "abusive";

/** Admits the frames of one `/chat` connection. */
export interface ConnectionGate {
  admit(): Admission;
}

type ChatLimitSettings = Pick<
  LimitSettings,
  "chatPerConnection" | "chatPerIp" | "chatAbuseLimit" | "chatAbuseWindowMs"
>;

/**
 * `/chat` message limits: a bucket per connection and one per IP address, both must have a
 * token. A connection that keeps hitting the limit is abusive.
 */
export class ChatRateLimiter {
  readonly #settings: ChatLimitSettings;
  readonly #clock: Clock;
  readonly #perIp: KeyedBuckets;

  constructor(settings: ChatLimitSettings, clock: Clock = monotonicClock) {
    this.#settings = settings;
    this.#clock = clock;
    this.#perIp = new KeyedBuckets(settings.chatPerIp, clock);
  }

  forConnection(address: string): ConnectionGate {
    const own = new TokenBucket(this.#settings.chatPerConnection, this.#clock);
    const strikes = new StrikeCounter(this.#settings.chatAbuseLimit, this.#settings.chatAbuseWindowMs, this.#clock);
    return {
      admit: () => {
        // Checked before either is taken, so a refusal by one does not cost a token of the other.
        if (own.available() >= 1 && this.#perIp.available(address) >= 1) {
          own.tryTake();
          this.#perIp.tryTake(address);
          return "accepted";
        }
        return strikes.strike() ? "abusive" : "limited";
      },
    };
  }
}
