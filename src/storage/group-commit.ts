import type { SqlQueryable } from "@prisma/driver-adapter-utils";
import type { PrismaClient } from "./generated/client.ts";
import { writeTurnBatch } from "./turn-batch-writes.ts";
import { databaseRefused } from "./database-errors.ts";
import { commitTurn, type TurnCommit, type TurnWrite } from "./turn-writes.ts";

export interface GroupCommitOptions {
  /** Most turns in one transaction. @default 256 */
  maxBatch?: number;
  /** Most greetings (first turns of sessions opened by a connect) in one batch. @default 64 */
  maxGreetings?: number;
  /**
   * Batches written at once. With one, the database waited while the main thread settled a
   * written batch and built the next. With two, on PostgreSQL the second runs on another
   * connection (another process, the other core); PGlite runs one statement at a time, but the
   * next one is there as soon as the first is done. @default 1
   */
  maxInFlight?: number;
  /** Told the size and duration of each batch (for metrics). @default nothing */
  onBatch?: (turns: number, seconds: number) => void;
  /**
   * Told why a whole batch failed, and whether its turns are retried one by one (the database
   * refused the statement) or all rejected (the connection failed). @default nothing
   */
  onBatchFailed?: (error: unknown, turns: number, retried: boolean) => void;
  /** Told that committed turns wrote webhook deliveries (the delivery worker wakes up). @default nothing */
  onDeliveriesWritten?: () => void;
}

type QueuedTurn = { write: TurnWrite; settle: (result: Promise<TurnCommit>) => void };

/**
 * Group commit: turns that arrive while a transaction is being written wait and go together in
 * the next one, so the database sees one transaction per batch, not one per turn. Nothing is
 * acknowledged before its batch commits. A batch the database refused as a whole (say, a
 * repeated clientMsgId hit the unique index) is retried turn by turn, so one bad turn fails
 * alone. A batch whose connection failed is rejected as a whole instead: the statement may
 * have committed before the answer was lost, so a retry could store a turn twice, and with
 * the database away it would only fail again.
 */
export class GroupCommitter {
  readonly #prisma: PrismaClient;
  readonly #driver: SqlQueryable;
  readonly #maxBatch: number;
  #queue: QueuedTurn[] = [];
  #greetings: QueuedTurn[] = [];
  readonly #maxGreetings: number;
  /** Batches being written now (each by a loop of {@link #flush}). */
  #flushers = 0;
  readonly #maxInFlight: number;
  readonly #onBatch: (turns: number, seconds: number) => void;
  readonly #onBatchFailed: (error: unknown, turns: number, retried: boolean) => void;
  readonly #onDeliveriesWritten: () => void;

  /** `driver` writes the batches; `prisma` retries a refused batch's turns one by one. */
  constructor(database: { prisma: PrismaClient; driver: SqlQueryable }, options: GroupCommitOptions = {}) {
    this.#prisma = database.prisma;
    this.#driver = database.driver;
    this.#maxBatch = options.maxBatch ?? 256;
    this.#maxGreetings = options.maxGreetings ?? 64;
    this.#maxInFlight = Math.max(1, options.maxInFlight ?? 1);
    this.#onBatch = options.onBatch ?? (() => {});
    this.#onBatchFailed = options.onBatchFailed ?? (() => {});
    this.#onDeliveriesWritten = options.onDeliveriesWritten ?? (() => {});
  }

  /**
   * `lane: "greeting"`: the first turn of a session a connect opened. Greetings wait behind the
   * turns of customers already talking, and go at most `maxGreetings` to a batch, so a storm of
   * new connections adds little to a talking customer's wait.
   */
  commit(write: TurnWrite, lane: "turn" | "greeting" = "turn"): Promise<TurnCommit> {
    return new Promise<TurnCommit>((resolve) => {
      (lane === "turn" ? this.#queue : this.#greetings).push({ write, settle: resolve });
      if (this.#flushers < this.#maxInFlight) {
        this.#flushers += 1;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    while (this.#queue.length || this.#greetings.length) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      const room = Math.min(this.#maxBatch - batch.length, this.#maxGreetings);
      if (room > 0) batch.push(...this.#greetings.splice(0, room));
      const started = performance.now();
      try {
        const { committed, deliveries } = await writeTurnBatch(
          this.#driver,
          batch.map((item) => item.write),
        );
        this.#onBatch(batch.length, (performance.now() - started) / 1000);
        if (deliveries > 0) this.#onDeliveriesWritten();
        for (const item of batch) {
          item.settle(Promise.resolve(committed.has(item.write.sessionId) ? "committed" : "conflict"));
        }
      } catch (error) {
        const retry = databaseRefused(error);
        this.#onBatchFailed(error, batch.length, retry);
        const failed = error instanceof Error ? error : new Error(String(error));
        for (const item of batch) item.settle(retry ? this.#commitOne(item.write) : Promise.reject(failed));
      }
    }
    this.#flushers -= 1;
  }

  /** One turn on its own (its batch was refused); it may have written deliveries too. */
  async #commitOne(write: TurnWrite): Promise<TurnCommit> {
    const result = await commitTurn(this.#prisma, write);
    if (result === "committed") this.#onDeliveriesWritten();
    return result;
  }
}
