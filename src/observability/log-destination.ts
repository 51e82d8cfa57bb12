import { write } from "node:fs";

export interface LogDestinationOptions {
  /** The file descriptor written to. @default 1 (stdout) */
  fd?: number;
  /** Log bytes held while the reader is slow; lines beyond are dropped. @default 1048576 */
  maxBufferedBytes?: number;
  /** How long `flush` waits for a slow reader before giving up on it. @default 1000 */
  flushTimeoutMs?: number;
}

/** Wait before writing again into a full pipe. */
const FULL_PIPE_RETRY_MS = 50;

/**
 * Where the server's log lines go: written in the background, never in the way of the server.
 * pino's own stdout destination writes synchronously and, when the pipe is full (a reader that
 * stopped reading), sleeps and retries inside the write, so the event loop stops: no request is
 * answered and SIGTERM's handler never runs. Here a full pipe only delays the lines (up to
 * `maxBufferedBytes`, then they are dropped), and a closed one (EPIPE) or any other write error
 * drops them for good: the server goes on either way.
 */
export class LogDestination {
  readonly #fd: number;
  readonly #maxBufferedBytes: number;
  readonly #flushTimeoutMs: number;
  #queue: string[] = [];
  #bufferedBytes = 0;
  #writing = false;
  #broken = false;
  #idleWaiters: (() => void)[] = [];
  /** Lines not written: the reader was too slow or gone. */
  dropped = 0;

  constructor(options: LogDestinationOptions = {}) {
    this.#fd = options.fd ?? 1;
    this.#maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
    this.#flushTimeoutMs = options.flushTimeoutMs ?? 1000;
  }

  /** pino's stream interface: one serialized line. Never blocks, never throws. */
  write(line: string): boolean {
    const bytes = Buffer.byteLength(line);
    if (this.#broken || this.#bufferedBytes + bytes > this.#maxBufferedBytes) {
      this.dropped += 1;
      return true;
    }
    this.#queue.push(line);
    this.#bufferedBytes += bytes;
    if (!this.#writing) this.#writeNext();
    return true;
  }

  /** Calls back once the buffered lines are written, or after `flushTimeoutMs` at the latest. */
  flush(callback: (error?: Error) => void = () => {}): void {
    if (!this.#writing) return void process.nextTick(callback);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      callback();
    };
    const timer = setTimeout(finish, this.#flushTimeoutMs);
    this.#idleWaiters.push(finish);
  }

  #writeNext(): void {
    if (this.#queue.length === 0) {
      this.#writing = false;
      for (const waiter of this.#idleWaiters.splice(0)) waiter();
      return;
    }
    this.#writing = true;
    const chunk = Buffer.from(this.#queue.join(""));
    this.#queue = [];
    this.#writeChunk(chunk);
  }

  #writeChunk(chunk: Buffer): void {
    write(this.#fd, chunk, 0, chunk.length, null, (error, written) => {
      if (error?.code === "EAGAIN") {
        // A full pipe: try again later, off the event loop's critical path. Unref'd, so a slow
        // reader never keeps an otherwise finished process alive.
        setTimeout(() => this.#writeChunk(chunk), FULL_PIPE_RETRY_MS).unref();
        return;
      }
      if (error) return this.#giveUp();
      this.#bufferedBytes -= written;
      if (written < chunk.length) return this.#writeChunk(chunk.subarray(written));
      this.#writeNext();
    });
  }

  /** The reader is gone (EPIPE) or the descriptor unusable: drop what is held and all that follows. */
  #giveUp(): void {
    this.#broken = true;
    this.dropped += this.#queue.length;
    this.#queue = [];
    this.#bufferedBytes = 0;
    this.#writing = false;
    for (const waiter of this.#idleWaiters.splice(0)) waiter();
  }
}
