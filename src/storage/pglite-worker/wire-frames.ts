// The PostgreSQL wire protocol, as much of it as a server for PGlite needs to schedule clients:
// where a client's messages begin and end, and where the server's answer to an exchange ends.

const PROTOCOL_3 = 196_608;
const SSL_REQUEST = 80_877_103;
const GSS_REQUEST = 80_877_104;
const CANCEL_REQUEST = 80_877_102;
const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I'
export const TERMINATE = 0x58; // 'X'

/** One message from a client: the start-up packet, a request to answer locally, or a typed message. */
export type ClientFrame =
  | { kind: "startup"; bytes: Uint8Array }
  | { kind: "encryption-request" }
  | { kind: "cancel" }
  | { kind: "message"; type: number; bytes: Uint8Array };

/**
 * Splits a client's byte stream into messages. Before start-up, messages carry no type byte (the
 * start-up packet, SSL and GSS encryption requests, a cancel request); after it, every message
 * starts with its type and a 32-bit length.
 */
export class ClientFrames {
  #buffer: Buffer = Buffer.alloc(0);
  #started = false;

  push(chunk: Buffer): ClientFrame[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const frames: ClientFrame[] = [];
    for (;;) {
      const frame = this.#next();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  #next(): ClientFrame | undefined {
    const offset = this.#started ? 1 : 0;
    if (this.#buffer.length < offset + 4) return undefined;
    const length = offset + this.#buffer.readInt32BE(offset);
    if (length < offset + 4) throw new Error("malformed PostgreSQL message length");
    if (this.#buffer.length < length) return undefined;
    const bytes = new Uint8Array(this.#buffer.subarray(0, length));
    this.#buffer = this.#buffer.subarray(length);
    if (this.#started) return { kind: "message", type: bytes[0]!, bytes };
    const code = length >= 8 ? Buffer.from(bytes).readInt32BE(4) : 0;
    if (code === SSL_REQUEST || code === GSS_REQUEST) return { kind: "encryption-request" };
    if (code === CANCEL_REQUEST) return { kind: "cancel" };
    if (code !== PROTOCOL_3) throw new Error(`unsupported PostgreSQL protocol ${code}`);
    this.#started = true;
    return { kind: "startup", bytes };
  }
}

/**
 * Follows the server's answer message by message, to tell whether it ended with ReadyForQuery
 * and in which transaction state: `I` (idle) ends a client's turn at the session; `T` and `E`
 * (inside a transaction block) do not.
 */
export class AnswerTracker {
  #header = Buffer.alloc(5);
  #headerBytes = 0;
  #remaining = 0;
  #type = 0;
  #last: { type: number; firstByte: number | undefined } | undefined;

  /** Forgets what came before: called before each message is sent to the database. */
  reset(): void {
    this.#last = undefined;
  }

  feed(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      if (this.#remaining > 0) {
        if (this.#last?.firstByte === undefined && this.#last) this.#last.firstByte = bytes[at];
        const taken = Math.min(this.#remaining, bytes.length - at);
        this.#remaining -= taken;
        at += taken;
        continue;
      }
      this.#header[this.#headerBytes++] = bytes[at++]!;
      if (this.#headerBytes < 5) continue;
      this.#headerBytes = 0;
      this.#type = this.#header[0]!;
      this.#remaining = this.#header.readInt32BE(1) - 4;
      this.#last = { type: this.#type, firstByte: undefined };
    }
  }

  /** Whether the answer so far ends with ReadyForQuery in the idle state. */
  get endedIdle(): boolean {
    return this.#remaining === 0 && this.#last?.type === READY_FOR_QUERY && this.#last.firstByte === IDLE;
  }
}

/** A simple-protocol query message. */
export function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + text.length);
  message[0] = 0x51; // 'Q'
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

/** A Sync message: ends an extended-protocol exchange (and the error state of a failed one). */
export const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);
