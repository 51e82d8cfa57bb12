import { KeyedBuckets } from "./keyed-buckets.ts";
import type { LimitSettings } from "./limit-settings.ts";
import { monotonicClock, type Clock } from "./token-bucket.ts";

/** What a connect or a message is about to create: a session always, sometimes its customer too. */
export type Creation = "session" | "customer-and-session";

/** Admits the creation of customers and sessions, per client address. */
export interface CreationGate {
  /** Takes what `creation` costs from `address`'s buckets; `false` (and nothing taken) when one is empty. */
  tryCreate(address: string, creation: Creation): boolean;
  /** After a refusal: whole seconds until `creation` would be admitted. */
  retryAfterSeconds(address: string, creation: Creation): number;
}

type CreationLimitSettings = Pick<LimitSettings, "customersPerIp" | "sessionsPerIp">;

/**
 * Every new customer and every new session costs a token of its address's bucket, so one address
 * cannot fill the database with conversations nobody holds.
 */
export class CreationLimiter implements CreationGate {
  readonly #customers: KeyedBuckets;
  readonly #sessions: KeyedBuckets;

  constructor(settings: CreationLimitSettings, clock: Clock = monotonicClock) {
    this.#customers = new KeyedBuckets(settings.customersPerIp, clock);
    this.#sessions = new KeyedBuckets(settings.sessionsPerIp, clock);
  }

  tryCreate(address: string, creation: Creation): boolean {
    const customer = creation === "customer-and-session";
    // Checked before either is taken, so a refusal by one does not cost a token of the other.
    if (this.#sessions.available(address) < 1) return false;
    if (customer && this.#customers.available(address) < 1) return false;
    this.#sessions.tryTake(address);
    if (customer) this.#customers.tryTake(address);
    return true;
  }

  retryAfterSeconds(address: string, creation: Creation): number {
    const sessions = this.#sessions.retryAfterSeconds(address);
    return creation === "customer-and-session"
      ? Math.max(sessions, this.#customers.retryAfterSeconds(address))
      : sessions;
  }
}
