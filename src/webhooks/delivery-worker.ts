import { DueWorkLoop } from "../scheduling/due-work-loop.ts";
import type { Store } from "../storage/store.ts";
import type { ClaimedDelivery, DeliveryOutcome } from "../storage/webhook-records.ts";
import { DEFAULT_RETRY_SCHEDULE, planRetry, type RetrySchedule } from "./retry-schedule.ts";
import { createWebhookSender, type WebhookSender } from "./send-webhook.ts";
import { signWebhook } from "./sign-webhook.ts";

export type DeliveryStore = Pick<Store, "claimDeliveries" | "settleDelivery" | "releaseDelivery" | "nextDeliveryDue">;

export interface DeliveryWorkerOptions {
  store: DeliveryStore;
  /** Sends one request. @default createWebhookSender() (fetch, 10 s time-out, no redirects) */
  send?: WebhookSender;
  /** @default () => new Date() */
  now?: () => Date;
  /** @default DEFAULT_RETRY_SCHEDULE (5 s doubling to 1 h, for 24 h) */
  schedule?: RetrySchedule;
  /** How long a claim holds a delivery: past it, another instance retries it. Longer than a send's time-out. @default 60000 */
  leaseMs?: number;
  /** Most deliveries being sent at once. @default 16 */
  batchSize?: number;
  /** The longest sleep, so deliveries written by other instances are picked up. @default 30000 */
  maxSleepMs?: number;
  /** Told each attempt's outcome (for metrics). @default nothing */
  onOutcome?: (status: DeliveryOutcome["status"]) => void;
  /** Told why a pass failed (the database away, say); the worker sleeps and tries again. @default nothing */
  onError?: (error: unknown) => void;
}

/**
 * Sends the outbox's deliveries. Every instance runs one. It does not poll: it sleeps until
 * the earliest delivery falls due, a local commit wrote deliveries (`nudge`), a send ended, or
 * `maxSleepMs` passed (deliveries other instances wrote), whichever comes first.
 */
export class DeliveryWorker {
  readonly #store: DeliveryStore;
  readonly #send: WebhookSender;
  readonly #now: () => Date;
  readonly #schedule: RetrySchedule;
  readonly #leaseMs: number;
  readonly #batchSize: number;
  readonly #maxSleepMs: number;
  readonly #onOutcome: (status: DeliveryOutcome["status"]) => void;
  readonly #onError: (error: unknown) => void;
  readonly #loop: DueWorkLoop;
  readonly #stopping = new AbortController();
  readonly #inFlight = new Set<Promise<void>>();

  constructor(options: DeliveryWorkerOptions) {
    this.#store = options.store;
    this.#send = options.send ?? createWebhookSender();
    this.#now = options.now ?? (() => new Date());
    this.#schedule = options.schedule ?? DEFAULT_RETRY_SCHEDULE;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#batchSize = options.batchSize ?? 16;
    this.#maxSleepMs = options.maxSleepMs ?? 30_000;
    this.#onOutcome = options.onOutcome ?? (() => {});
    this.#onError = options.onError ?? (() => {});
    this.#loop = new DueWorkLoop({
      pass: () => this.#pass(),
      onError: this.#onError,
      maxSleepMs: this.#maxSleepMs,
      retryMs: this.#maxSleepMs,
      now: () => this.#now().getTime(),
    });
  }

  start(): void {
    this.#loop.start();
  }

  /** Deliveries were just written here (or a send ended): look now rather than at the end of the sleep. */
  nudge(): void {
    this.#loop.nudge();
  }

  /**
   * Stops: attempts in flight are abandoned and their deliveries given back untried, so a
   * shutdown never waits for a slow receiver and another instance (or the restart) sends them.
   */
  async stop(): Promise<void> {
    this.#stopping.abort();
    this.#loop.stop();
    await this.#loop.current;
    await Promise.all(this.#inFlight);
  }

  /** One pass: claims the due deliveries and sends them. Returns how many it claimed. */
  async runOnce(): Promise<number> {
    const sending = await this.#claim(this.#batchSize);
    await Promise.all(sending);
    return sending.length;
  }

  /**
   * Claims up to `limit` due deliveries and starts sending each; a send that ends wakes the
   * loop, which then claims what is due (a retry it scheduled, or one a full batch left).
   */
  async #claim(limit: number): Promise<Promise<void>[]> {
    if (this.#stopping.signal.aborted) return [];
    const now = this.#now();
    const claimed = await this.#store.claimDeliveries({
      now,
      lockedUntil: new Date(now.getTime() + this.#leaseMs),
      limit,
    });
    return claimed.map((delivery) => {
      const sending: Promise<void> = this.#deliver(delivery)
        .catch((error: unknown) => this.#onError(error))
        .finally(() => {
          this.#inFlight.delete(sending);
          this.nudge();
        });
      this.#inFlight.add(sending);
      return sending;
    });
  }

  async #deliver(delivery: ClaimedDelivery): Promise<void> {
    const headers = signWebhook(delivery.secret, { id: delivery.id, body: delivery.body, at: this.#now() });
    const result = await this.#send({ url: delivery.url, headers, body: delivery.body, signal: this.#stopping.signal });
    if (this.#stopping.signal.aborted) return this.#store.releaseDelivery(delivery);
    const now = this.#now();
    const statusCode = "statusCode" in result ? result.statusCode : null;
    let outcome: DeliveryOutcome;
    if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
      outcome = { status: "delivered", statusCode, at: now };
    } else {
      const error = "error" in result ? result.error : `the receiver answered ${statusCode}`;
      const next = planRetry(this.#schedule, { attempts: delivery.attempts + 1, retrySince: delivery.retrySince, now });
      outcome =
        next === "give-up"
          ? { status: "failed", statusCode, error }
          : { status: "pending", statusCode, error, nextAttemptAt: next };
    }
    if (await this.#store.settleDelivery(delivery, outcome)) this.#onOutcome(outcome.status);
  }

  /**
   * Keeps up to `batchSize` sends going at once, so one slow receiver does not hold up the
   * others; returns when to look again (each send that ends nudges the loop too).
   */
  async #pass(): Promise<number> {
    const free = this.#batchSize - this.#inFlight.size;
    // A full batch claimed: more may be due.
    if (free > 0 && (await this.#claim(free)).length === free) return 0;
    const due = await this.#store.nextDeliveryDue();
    const now = this.#now().getTime();
    const wait = due ? due.getTime() - now : Infinity;
    // Due already yet not claimed: held by a send here or a claim elsewhere. Wait, not spin.
    return now + (wait > 0 ? wait : 500);
  }
}
