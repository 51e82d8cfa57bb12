import type { Logger } from "../observability/logger.ts";
import { DueWorkLoop } from "../scheduling/due-work-loop.ts";
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
  readonly #loop: DueWorkLoop;
  /** The timers' turns being run now (not the database reads around them). */
  #firing: Promise<unknown> = Promise.resolve();
  #stopped = false;

  constructor(options: TimerSchedulerOptions) {
    this.#store = options.store;
    this.#fire = options.fire;
    this.#options = {
      now: options.now ?? (() => new Date()),
      maxSleepMs: options.maxSleepMs ?? 30_000,
      leaseMs: options.leaseMs ?? 60_000,
      batch: options.batch ?? 50,
      retryMs: options.retryMs ?? 5_000,
    };
    const logger = (this.#logger = options.logger);
    this.#loop = new DueWorkLoop({
      pass: () => this.#fireDue(),
      onError: (error) => logger.error({ err: error }, "timers: could not read the due timers; trying again"),
      maxSleepMs: this.#options.maxSleepMs,
      retryMs: this.#options.retryMs,
      now: () => this.#options.now().getTime(),
    });
  }

  start(): void {
    this.#loop.start();
  }

  /** A timer due at `dueAt` was set here (or, without it, something is due now): wake in time for it. */
  nudge(dueAt?: Date): void {
    this.#loop.nudge(dueAt?.getTime());
  }

  /** Fires what is due now and resolves when done (after any look already running). */
  runNow(): Promise<void> {
    return this.#loop.runNow();
  }

  /**
   * Stops looking and waits for the timers' turns being run. A look still reading the database
   * is not waited for (a database closing under it may never answer): what it claims is not
   * fired here, and its claim runs out for another instance or the next start.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#loop.stop();
    await this.#firing;
  }

  /** Fires the due timers, a batch at a time; returns when the next one is due. */
  async #fireDue(): Promise<number> {
    const { batch, leaseMs } = this.#options;
    for (;;) {
      const claimed = await this.#store.claimDueTimers(this.#options.now(), leaseMs, batch);
      if (this.#stopped) return Infinity;
      this.#firing = Promise.all(
        claimed.map(({ sessionId, dueAt }) =>
          this.#fire(sessionId, dueAt).catch((error: unknown) => {
            // Its claim runs out and the timer fires again then: late rather than never.
            this.#logger.error({ err: error, sessionId }, "timers: a timer's turn failed; it is tried again later");
          }),
        ),
      );
      await this.#firing;
      if (this.#stopped) return Infinity;
      if (claimed.length < batch) break;
    }
    const next = await this.#store.nextTimerCheck();
    return next ? next.getTime() : Infinity;
  }
}
