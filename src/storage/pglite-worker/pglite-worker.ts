import { Worker } from "node:worker_threads";
import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import type {
  SerializedError,
  UpkeepReport,
  WorkerAnswer,
  WorkerMessage,
  WorkerNotice,
  WorkerReplies,
  WorkerRequest,
} from "./protocol.ts";

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * The embedded database's worker thread, seen as a request/answer channel. It keeps the
 * process alive only while a request is pending. If the thread dies, every pending and later
 * request fails with the reason, and `failed` settles with it, so the owner can stop serving.
 */
export class PgliteWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #failure: Error | undefined;
  #closing = false;
  readonly failed: Promise<Error>;

  /**
   * @param onUpkeep told of every upkeep round that did something or failed
   * @param entry the worker's module (tests give one that fails)
   */
  constructor(
    onUpkeep: (report: UpkeepReport) => void = () => {},
    entry: URL = new URL("./worker.ts", import.meta.url),
  ) {
    this.#worker = new Worker(entry);
    this.#worker.unref();
    let reportFailure: (error: Error) => void = () => {};
    this.failed = new Promise((resolve) => (reportFailure = resolve));
    this.#worker.on("message", (message: WorkerAnswer | WorkerNotice) => {
      if ("notice" in message) onUpkeep(message.report);
      else this.#settle(message);
    });
    this.#worker.on("error", (error: Error) => this.#fail(error, reportFailure));
    this.#worker.on("exit", (code) => {
      if (!this.#closing) this.#fail(new Error(`the embedded database thread exited (code ${code})`), reportFailure);
    });
  }

  request<Op extends WorkerRequest["op"]>(request: Extract<WorkerRequest, { op: Op }>): Promise<WorkerReplies[Op]> {
    if (this.#failure) return Promise.reject(this.#failure);
    // A message to a thread that is ending is never answered: refuse instead of hanging.
    if (this.#closing && request.op !== "close") return Promise.reject(new Error(CLOSED));
    const id = this.#nextId++;
    if (this.#pending.size === 0) this.#worker.ref();
    return new Promise<WorkerReplies[Op]>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#worker.postMessage({ id, request } satisfies WorkerMessage);
    });
  }

  /** Closes the database (flushing it to disk) and ends the thread. */
  async close(): Promise<void> {
    if (this.#closing || this.#failure) return;
    this.#closing = true;
    try {
      await this.request({ op: "close" });
    } finally {
      await this.#worker.terminate();
      // Whatever was still waiting (sent while the close ran) gets an answer too.
      const closed = new Error(CLOSED);
      for (const pending of this.#pending.values()) pending.reject(closed);
      this.#pending.clear();
    }
  }

  #settle(answer: WorkerAnswer): void {
    const pending = this.#pending.get(answer.id);
    if (!pending) return;
    this.#pending.delete(answer.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (answer.ok) pending.resolve(answer.value);
    else pending.reject(deserialize(answer.error));
  }

  #fail(error: Error, report: (error: Error) => void): void {
    if (this.#failure) return;
    this.#failure = error;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    report(error);
  }
}

const CLOSED = "the embedded database is closed";

function deserialize(error: SerializedError): Error {
  if (error.kind === "driver") return new DriverAdapterError(error.cause as DriverAdapterError["cause"]);
  return Object.assign(new Error(error.message), { name: error.name, code: error.code });
}
