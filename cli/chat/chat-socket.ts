import type WebSocket from "ws";
import { CliError } from "../cli-error.ts";
import { describeCause } from "../http.ts";
import { note } from "../print.ts";
import type { ServerUrls } from "../server-url.ts";
import { openWebSocket, UpgradeRefused, type ConnectQuery, type OpenedSocket } from "./open-websocket.ts";
import { isTurnEnd, parseServerFrame, type ServerFrame, type TurnEndFrame } from "./parse-server-frame.ts";
import { isRetryableClose, isRetryableRefusal, RECONNECT_GIVE_UP_MS, reconnectDelay } from "./reconnect-policy.ts";

export { UpgradeRefused, type ConnectQuery } from "./open-websocket.ts";

/** How long the server may take to answer one message (while connected). @default 30000 */
export const TURN_TIMEOUT_MS = 30_000;

export interface Turn {
  frames: ServerFrame[];
  end: TurnEndFrame;
}

interface Waiter {
  resolve: (turn: Turn) => void;
  reject: (error: Error) => void;
  timeoutMs: number;
  timer?: NodeJS.Timeout | undefined;
}

/**
 * A `/chat` conversation read turn by turn. Every frame is handed to `onFrame` the moment it
 * arrives (so replies print as they come), and also collected into the turn it belongs to: a
 * turn is everything up to a `waiting`, `ended` or `error` frame.
 *
 * When the server goes away (a restart, a lost network) the conversation outlives the socket:
 * it reconnects with back-off as the same customer, whose active session the server resumes,
 * and sends again the message that was not answered, under the same `clientMsgId`, which the
 * server answers from what it stored if it had got it. It gives up after `giveUpMs`.
 */
export class ChatSocket {
  #socket: WebSocket;
  readonly #urls: ServerUrls;
  readonly #query: ConnectQuery;
  readonly #onFrame: (frame: ServerFrame) => void;
  readonly #giveUpMs: number;
  readonly #turns: Turn[] = [];
  #current: ServerFrame[] = [];
  #waiter: Waiter | undefined;
  #closed: CliError | undefined;
  #reconnecting: AbortController | undefined;
  /** During a reconnect: waits for the new connection's opening turn. */
  #opening: { resolve: (turn: Turn) => void; reject: (error: Error) => void } | undefined;
  /** The message sent and not yet answered. */
  #pending: { text: string; clientMsgId: string } | undefined;
  /** Receipts already shown: a retried message's receipt comes again and is not printed twice. */
  readonly #shownReceipts = new Set<string>();
  /**
   * Turns the client asked for and has not received: the opening turn, then one per message. A
   * turn that ends while none is owed was pushed by the server (an operator released a handoff):
   * its frames were shown as they came, and it answers nothing the client sent.
   */
  #owed = 1;
  /** Called when the conversation is over without `close()` being called (gave up, refused). */
  onUnexpectedClose: (error: CliError) => void = () => {};

  private constructor(
    opened: OpenedSocket,
    urls: ServerUrls,
    query: ConnectQuery,
    onFrame: (frame: ServerFrame) => void,
    giveUpMs: number,
  ) {
    this.#socket = opened.socket;
    this.#urls = urls;
    this.#query = { ...query };
    this.#onFrame = onFrame;
    this.#giveUpMs = giveUpMs;
    this.#attach(opened);
  }

  /** Connects to `/chat`; the first turn (session, greeting, waiting) follows on its own. */
  static async open(
    urls: ServerUrls,
    query: ConnectQuery,
    onFrame: (frame: ServerFrame) => void,
    options: { giveUpMs?: number } = {},
  ): Promise<ChatSocket> {
    const opened = await openWebSocket(urls, query);
    return new ChatSocket(opened, urls, query, onFrame, options.giveUpMs ?? RECONNECT_GIVE_UP_MS);
  }

  /** The next complete turn, or a one-line error when the server is gone for good or too slow. */
  nextTurn(timeoutMs = TURN_TIMEOUT_MS): Promise<Turn> {
    const ready = this.#turns.shift();
    if (ready) return Promise.resolve(ready);
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject, timeoutMs };
      if (!this.#reconnecting) this.#armTimer();
    });
  }

  /** Sends one message (after the reconnect, if one is under way) and waits for its whole turn. */
  async say(text: string, timeoutMs = TURN_TIMEOUT_MS): Promise<Turn> {
    if (this.#closed) throw this.#closed;
    this.#owed += 1;
    this.#pending = { text, clientMsgId: crypto.randomUUID() };
    if (!this.#reconnecting) this.#send();
    return this.nextTurn(timeoutMs);
  }

  /** Closes on purpose: no unexpected-close report, and any reconnect stops. */
  close(): Promise<void> {
    this.#closed ??= new CliError("the connection is closed");
    this.#reconnecting?.abort();
    this.#rejectWaiter(this.#closed);
    const socket = this.#socket;
    if (socket.readyState === socket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => socket.terminate(), 1000);
      socket.once("close", () => {
        clearTimeout(force);
        resolve();
      });
      socket.close(1000, "bye");
    });
  }

  #attach({ socket, takeEarlyFrames }: OpenedSocket): void {
    const onMessage = (data: Buffer) => {
      if (socket === this.#socket) this.#receive(data.toString("utf8"));
    };
    const early = takeEarlyFrames();
    socket.on("message", onMessage);
    for (const data of early) onMessage(data);
    socket.on("close", (code: number, reason: Buffer) => {
      if (socket !== this.#socket || this.#closed) return;
      const why = reason.length ? `${code} ${reason.toString()}` : String(code);
      // A failed attempt during a reconnect: the reconnect loop tries again.
      if (this.#opening) return this.#opening.reject(new Error(`closed (${why})`));
      if (isRetryableClose(code)) void this.#reconnect();
      else this.#fail(new CliError(`the server closed the connection (${why})`));
    });
  }

  #receive(data: string): void {
    const frame = parseServerFrame(data);
    if (!frame) return;
    if (frame.type === "session") {
      // Reconnects come back as this customer, with the token the server handed out.
      this.#query.customerId = frame.customerId;
      if (frame.customerToken) this.#query.token = frame.customerToken;
    }
    const receipt = frame.type === "message" && frame.sender === "customer" ? frame.clientMsgId : undefined;
    if (!receipt || !this.#shownReceipts.has(receipt)) this.#onFrame(frame);
    if (receipt) this.#shownReceipts.add(receipt);
    this.#current.push(frame);
    if (!isTurnEnd(frame)) return;
    const turn = { frames: this.#current, end: frame };
    this.#current = [];
    if (this.#opening) return this.#opening.resolve(turn);
    if (this.#owed === 0) return;
    this.#owed -= 1;
    this.#pending = undefined;
    const waiter = this.#waiter;
    if (!waiter) return void this.#turns.push(turn);
    clearTimeout(waiter.timer);
    this.#waiter = undefined;
    waiter.resolve(turn);
  }

  async #reconnect(): Promise<void> {
    const abort = new AbortController();
    this.#reconnecting = abort;
    clearTimeout(this.#waiter?.timer); // the server's silence while it is away is not its answer
    this.#current = []; // what arrived of an interrupted turn was shown; the retry answers it
    note("(connection lost: reconnecting…)");
    const deadline = Date.now() + this.#giveUpMs;
    let lastProblem = "no answer";
    for (let attempt = 0; Date.now() < deadline; attempt += 1) {
      const delay = Math.min(reconnectDelay(attempt), Math.max(0, deadline - Date.now()));
      if (!(await sleep(delay, abort.signal))) return;
      try {
        const opened = await openWebSocket(this.#urls, this.#query);
        if (abort.signal.aborted) return void opened.socket.terminate();
        // Set before attaching: frames that came with the handshake may complete the opening turn.
        const opening = new Promise<Turn>((resolve, reject) => (this.#opening = { resolve, reject }));
        this.#socket = opened.socket;
        this.#attach(opened);
        await opening;
        this.#opening = undefined;
        this.#reconnecting = undefined;
        note("(reconnected)");
        if (this.#pending) this.#send();
        if (this.#waiter) this.#armTimer();
        return;
      } catch (error) {
        this.#opening = undefined;
        if (abort.signal.aborted) return;
        if (error instanceof UpgradeRefused && !isRetryableRefusal(error.status)) {
          return this.#fail(
            new CliError(
              `the server refused to resume the chat: ${error.status} ${error.code} ${error.message}`.trim(),
            ),
          );
        }
        lastProblem = error instanceof UpgradeRefused ? `${error.status} ${error.code}` : describeCause(error);
      }
    }
    this.#fail(
      new CliError(
        `lost the connection to ${this.#urls.http} and could not reconnect within ${Math.round(this.#giveUpMs / 1000)} s (last attempt: ${lastProblem})`,
      ),
    );
  }

  #send(): void {
    if (!this.#pending) return;
    const { text, clientMsgId } = this.#pending;
    // On a socket that is closing this fails quietly; its close event starts the reconnect.
    this.#socket.send(JSON.stringify({ type: "message", text, clientMsgId }), () => {});
  }

  #armTimer(): void {
    const waiter = this.#waiter;
    if (!waiter) return;
    clearTimeout(waiter.timer);
    waiter.timer = setTimeout(() => {
      if (this.#waiter === waiter) this.#waiter = undefined;
      waiter.reject(new CliError(`no answer from the server within ${Math.round(waiter.timeoutMs / 1000)} s`));
    }, waiter.timeoutMs);
  }

  #rejectWaiter(error: CliError): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (!waiter) return;
    clearTimeout(waiter.timer);
    waiter.reject(error);
  }

  #fail(error: CliError): void {
    if (this.#closed) return;
    this.#closed = error;
    this.#reconnecting = undefined;
    this.#rejectWaiter(error);
    this.#socket.terminate();
    this.onUnexpectedClose(error);
  }
}

/** Waits `ms`; false when aborted first. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
