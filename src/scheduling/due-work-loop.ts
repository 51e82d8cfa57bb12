export interface DueWorkLoopOptions {
  /**
   * One pass: does what is due now and says when to look next, in milliseconds since the
   * epoch: `Infinity` when nothing is known to be due, a time not after now to look again at once.
   */
  pass: () => Promise<number>;
  /** Told why a pass failed (the database away, say); the loop looks again after `retryMs`. */
  onError: (error: unknown) => void;
  /** Longest sleep between two passes, so work written by other instances is not missed. */
  maxSleepMs: number;
  /** Sleep after a failed pass. */
  retryMs: number;
  /** @default Date.now */
  now?: () => number;
}

/**
 * Runs `pass` when work may be due: at the time the last pass named, sooner when `nudge` says
 * work here falls due earlier, and at least every `maxSleepMs` for work other instances wrote.
 * Never two passes at once, and no loop that wakes every few milliseconds. The outbox's
 * delivery worker and the timer scheduler both sleep on one.
 */
export class DueWorkLoop {
  readonly #pass: () => Promise<number>;
  readonly #onError: (error: unknown) => void;
  readonly #maxSleepMs: number;
  readonly #retryMs: number;
  readonly #now: () => number;
  #wake: NodeJS.Timeout | undefined;
  /** When the sleeping loop wakes; `Infinity` while a pass runs. */
  #wakeAt = Infinity;
  /** The earliest nudge that came while a pass ran: it is honoured when the pass ends. */
  #nudgedAt = Infinity;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(options: DueWorkLoopOptions) {
    this.#pass = options.pass;
    this.#onError = options.onError;
    this.#maxSleepMs = options.maxSleepMs;
    this.#retryMs = options.retryMs;
    this.#now = options.now ?? Date.now;
  }

  /** Starts with a pass at once: what fell due while nothing ran is done first. */
  start(): void {
    this.#sleepUntil(0);
  }

  /** Work falls due at `at` (ms since the epoch; by default now): wake in time for it. */
  nudge(at = 0): void {
    if (this.#stopped) return;
    if (this.#running) this.#nudgedAt = Math.min(this.#nudgedAt, at);
    else if (at < this.#wakeAt) this.#sleepUntil(at);
  }

  /** Runs a pass now (after the one running, if any) and resolves when it ends. */
  async runNow(): Promise<void> {
    await this.#running;
    if (this.#stopped) return;
    clearTimeout(this.#wake);
    await this.#look();
  }

  /** No pass starts after this; the one running, if any, is `current`. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#wake);
  }

  /** The pass running now (resolved when none is). */
  get current(): Promise<void> {
    return this.#running ?? Promise.resolve();
  }

  #sleepUntil(at: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#wake);
    this.#wakeAt = at;
    const delay = Math.max(0, at - this.#now());
    this.#wake = setTimeout(() => void this.#look(), Math.min(delay, this.#maxSleepMs));
    this.#wake.unref();
  }

  #look(): Promise<void> {
    this.#wakeAt = Infinity;
    this.#nudgedAt = Infinity;
    this.#running = this.#pass()
      .catch((error: unknown) => {
        this.#onError(error);
        return this.#now() + this.#retryMs;
      })
      .then((next) => {
        this.#running = undefined;
        this.#sleepUntil(Math.min(next, this.#nudgedAt));
      });
    return this.#running;
  }
}
