import WebSocket from "ws";
import { CONVERSATION_LINES } from "./conversation-script.ts";

/** What a customer reports to its generator; the generator aggregates, the customer keeps no history. */
export interface CustomerEvents {
  /** A turn ended (`waiting`, `ended` or `error`): its latency, frames and bytes. */
  turnEnded(latencyMs: number, frames: number, bytes: number, isError: boolean): void;
  /** The server closed the connection, or it broke, while the customer was talking. */
  unexpectedClose(inFlight: boolean): void;
}

const END_TYPES = new Set(["waiting", "ended", "error"]);

/**
 * One `/chat` customer: greeted on connect, then (once started) sends its next line as soon as
 * the previous turn's end frame arrives (closed loop) or, with `paceMs`, one line every `paceMs`
 * (a person reading and typing; a turn slower than that delays the next line, never overlaps
 * it). Raw `ws` and one JSON.parse per frame: nothing else.
 */
export class VirtualCustomer {
  customerId = "";
  /** Receipts plus bot messages received: what the server acknowledged as stored. */
  acknowledged = 0;
  /** `performance.now()` of the send of the turn in flight; 0 when none is. */
  sentAt = 0;
  talking = false;
  #open = true;
  #line: number;
  #sent = 0;
  #frames = 0;
  #bytes = 0;
  readonly #ws: WebSocket;
  readonly #index: number;
  readonly #events: CustomerEvents;
  readonly #clientMsgIds: boolean;
  readonly #paceMs: number;
  #nextSend: NodeJS.Timeout | undefined;

  constructor(
    url: string,
    index: number,
    events: CustomerEvents,
    pacing: { clientMsgIds: boolean; paceMs: number },
    greeted: (ok: boolean) => void,
  ) {
    this.#index = index;
    this.#events = events;
    this.#clientMsgIds = pacing.clientMsgIds;
    this.#paceMs = pacing.paceMs;
    // Customers start at different lines, so the server sees a mix of turn kinds at every moment.
    this.#line = index % CONVERSATION_LINES.length;
    let greeting = true;
    this.#ws = new WebSocket(url, { perMessageDeflate: false });
    this.#ws.on("message", (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { type: string; customerId?: string; sender?: string };
      if (frame.type === "message") this.acknowledged++;
      else if (frame.type === "session" && !this.customerId) this.customerId = frame.customerId ?? "";
      this.#frames++;
      this.#bytes += data.length;
      if (!END_TYPES.has(frame.type)) return;
      if (greeting) {
        greeting = false;
        this.#frames = this.#bytes = 0;
        return greeted(frame.type !== "error");
      }
      this.#turnEnded(frame.type === "error");
    });
    this.#ws.on("close", () => {
      const wasOpen = this.#open;
      this.#open = false;
      if (greeting) {
        greeting = false;
        return greeted(false);
      }
      if (wasOpen) this.#events.unexpectedClose(this.sentAt !== 0);
      this.sentAt = 0;
    });
    this.#ws.on("error", () => {});
  }

  get open(): boolean {
    return this.#open;
  }

  /** Starts talking: sends the next line now and after every turn end until `stopTalking`. */
  startTalking(): void {
    this.talking = true;
    if (this.sentAt !== 0) return;
    // At a pace, customers start spread over one period, as people who arrived at different times.
    if (this.#paceMs > 0) this.#sendAfter(Math.random() * this.#paceMs);
    else this.#sendNext();
  }

  stopTalking(): void {
    this.talking = false;
    clearTimeout(this.#nextSend);
  }

  /** Gives up on the turn in flight (a timeout): the connection is dropped, not counted as a close. */
  abandon(): void {
    this.#open = false;
    clearTimeout(this.#nextSend);
    this.sentAt = 0;
    this.#ws.terminate();
  }

  /** Closes politely; resolves when closed (bounded by the caller). */
  close(): Promise<void> {
    this.#open = false;
    clearTimeout(this.#nextSend);
    if (this.#ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.#ws.once("close", () => resolve());
      this.#ws.close();
    });
  }

  #turnEnded(isError: boolean): void {
    if (this.sentAt === 0) return;
    const latency = performance.now() - this.sentAt;
    this.sentAt = 0;
    const frames = this.#frames;
    const bytes = this.#bytes;
    this.#frames = this.#bytes = 0;
    this.#events.turnEnded(latency, frames, bytes, isError);
    if (!this.talking || !this.#open) return;
    if (this.#paceMs > 0) this.#sendAfter(this.#paceMs - latency);
    else this.#sendNext();
  }

  #sendAfter(ms: number): void {
    this.#nextSend = setTimeout(
      () => {
        this.#nextSend = undefined;
        if (this.talking && this.#open) this.#sendNext();
      },
      Math.max(0, ms),
    );
  }

  #sendNext(): void {
    const text = CONVERSATION_LINES[this.#line % CONVERSATION_LINES.length]!;
    this.#line++;
    this.#sent++;
    const frame = this.#clientMsgIds
      ? { type: "message", text, clientMsgId: `b${this.#index}-${this.#sent}` }
      : { type: "message", text };
    this.sentAt = performance.now();
    this.#ws.send(JSON.stringify(frame));
  }
}
