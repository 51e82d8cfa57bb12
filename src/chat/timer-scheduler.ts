import type { Logger } from "../observability/logger.ts";
import type { ClaimedTimer } from "../storage/timer-queries.ts";

export interface TimerSchedulerOptions {
  store: {
    claimDueTimers(now: Date, leaseMs: number, limit: number): Promise<ClaimedTimer[]>;
    nextTimerCheck(): Promise<Date | null>;
  };
  /** Runs the timer's turn (`ChatService.fireTimer`). */
  fire: (sessionId: string, dueAt: Date) => Promise<unknown>;
  logger: Logger;
  /** @default () => new Date() */
  now?: () => Date;
  /** Longest sleep between two looks, so timers set on other instances are not missed. @default 30000 */
  maxSleepMs?: number;
  /** How long a claimed timer is this instance's before another may fire it. @default 60000 */
  leaseMs?: number;
  /** Timers claimed at once. @default 50 */
  batch?: number;
  /** Wait after the database failed before looking again. @default 5000 */
  retryMs?: number;
}

/**
 * Fires the sessions' timers (`wait` and `handoff` timeouts) on every instance. It sleeps until
 * the earliest timer is due (one indexed query), or until `nudge` says a turn here set an
 * earlier one, or at most `maxSleepMs` for timers set elsewhere: no loop that wakes every few
 * milliseconds. Each due timer is claimed by one instance (see `claimDueTimers`); at start,
 * timers that fell due while no instance ran fire at once, late but once.
 */
export class TimerScheduler {
  readonly #options: Required<Omit<TimerSchedulerOptions, "store" | "fire" | "logger">>;
  readonly #store: TimerSchedulerOptions["store"];
  readonly #fire: TimerSchedulerOptions["fire"];
  readonly #logger: Logger;
  #wake: NodeJS.Timeout | undefined;
  #wakeAt = Infinity;
  #running: Promise<void> | undefined;
  /** A nudge that came while a look was running: look again right after it. */
  #again = false;
  #stopped = false;

  constructor(options: TimerSchedulerOptions) {
    this.#store = options.store;
    this.#fire = options.fire;
    this.#logger = options.logger;
    this.#options = {
      now: options.now ?? (() => new Date()),
      maxSleepMs: options.maxSleepMs ?? 30_000,
      leaseMs: options.leaseMs ?? 60_000,
      batch: options.batch ?? 50,
      retryMs: options.retryMs ?? 5_000,
    };
  }

  start(): void {
    this.#sleepUntil(0);
  }

  /** A timer due at `dueAt` was set here (or, without it, something is due now): wake in time for it. */
  nudge(dueAt?: Date): void {
    if (this.#stopped) return;
    const at = dueAt ? dueAt.getTime() : 0;
    if (this.#running) {
      if (at <= this.#options.now().getTime()) this.#again = true;
      else if (at < this.#wakeAt) this.#wakeAt = at; // read when the running look schedules the next
      return;
    }
    if (at < this.#wakeAt) this.#sleepUntil(at);
  }

  /** Fires what is due now and resolves when done (after any look already running). */
  async runNow(): Promise<void> {
    await this.#running;
    if (this.#stopped) return;
    clearTimeout(this.#wake);
    await this.#look();
  }

  /** Stops looking and waits for timers being fired. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#wake);
    await this.#running;
  }

  #sleepUntil(at: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#wake);
    this.#wakeAt = at;
    const delay = Math.max(0, at - this.#options.now().getTime());
    this.#wake = setTimeout(() => void this.#look(), Math.min(delay, this.#options.maxSleepMs));
    this.#wake.unref();
  }

  #look(): Promise<void> {
    this.#wakeAt = Infinity;
    this.#running = this.#fireDue()
      .then(async () => {
        const next = await this.#store.nextTimerCheck();
        return next ? next.getTime() : Infinity;
      })
      .catch((error: unknown) => {
        this.#logger.error({ err: error }, "timers: could not read the due timers; trying again");
        return this.#options.now().getTime() + this.#options.retryMs;
      })
      .then((next) => {
        this.#running = undefined;
        const again = this.#again;
        this.#again = false;
        this.#sleepUntil(again ? 0 : Math.min(next, this.#wakeAt));
      });
    return this.#running;
  }

  async #fireDue(): Promise<void> {
    const { batch, leaseMs } = this.#options;
    for (;;) {
      const claimed = await this.#store.claimDueTimers(this.#options.now(), leaseMs, batch);
      await Promise.all(
        claimed.map(({ sessionId, dueAt }) =>
          this.#fire(sessionId, dueAt).catch((error: unknown) => {
            // Its claim runs out and the timer fires again then: late rather than never.
            this.#logger.error({ err: error, sessionId }, "timers: a timer's turn failed; it is tried again later");
          }),
        ),
      );
      if (claimed.length < batch || this.#stopped) return;
    }
  }
}
