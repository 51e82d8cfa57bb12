import WebSocket from "ws";
import { CliError } from "../cli-error.ts";
import { unreachableError } from "../http.ts";
import type { ServerUrls } from "../server-url.ts";
import { isTurnEnd, parseServerFrame, type ServerFrame, type TurnEndFrame } from "./parse-server-frame.ts";

/** How long the server may take to answer one message. @default 30000 */
export const TURN_TIMEOUT_MS = 30_000;

export interface ConnectQuery {
  customerId?: string | undefined;
  token?: string | undefined;
  name?: string | undefined;
}

/** The server refused the upgrade (docs/PROTOCOL.md, Handshake answers: 401 for a known customer without its token). */
export class UpgradeRefused extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export interface Turn {
  frames: ServerFrame[];
  end: TurnEndFrame;
}

/**
 * A `/chat` connection read turn by turn. Every frame is handed to `onFrame` the moment it
 * arrives (so replies print as they come), and also collected into the turn it belongs to: a
 * turn is everything up to a `waiting`, `ended` or `error` frame.
 */
export class ChatSocket {
  readonly #socket: WebSocket;
  readonly #turns: Turn[] = [];
  #current: ServerFrame[] = [];
  #waiter: { resolve: (turn: Turn) => void; reject: (error: Error) => void } | undefined;
  #closed: CliError | undefined;
  /**
   * Turns the client asked for and has not received: the opening turn, then one per message. A
   * turn that ends while none is owed was pushed by the server (an operator released a handoff):
   * its frames were shown as they came, and it answers nothing the client sent.
   */
  #owed = 1;
  /** Called when the connection closes without `close()` being called (server gone). */
  onUnexpectedClose: (error: CliError) => void = () => {};

  private constructor(socket: WebSocket, onFrame: (frame: ServerFrame) => void) {
    this.#socket = socket;
    socket.on("message", (data: Buffer) => {
      const frame = parseServerFrame(data.toString("utf8"));
      if (!frame) return;
      onFrame(frame);
      this.#current.push(frame);
      if (!isTurnEnd(frame)) return;
      const turn = { frames: this.#current, end: frame };
      this.#current = [];
      if (this.#owed === 0) return;
      this.#owed -= 1;
      if (this.#waiter) {
        this.#waiter.resolve(turn);
        this.#waiter = undefined;
      } else this.#turns.push(turn);
    });
    socket.on("close", (code, reason) => {
      if (this.#closed) return;
      const why = reason.length ? `${code} ${reason.toString()}` : String(code);
      this.#closed = new CliError(`the server closed the connection (${why})`);
      this.#waiter?.reject(this.#closed);
      this.#waiter = undefined;
      this.onUnexpectedClose(this.#closed);
    });
  }

  /** Connects to `/chat`; the first turn (session, greeting, waiting) follows on its own. */
  static open(urls: ServerUrls, query: ConnectQuery, onFrame: (frame: ServerFrame) => void): Promise<ChatSocket> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query) as [string, string | undefined][])
      if (value) params.set(key, value);
    const socket = new WebSocket(`${urls.ws}/chat${params.size ? `?${params}` : ""}`, {
      handshakeTimeout: 10_000,
    });
    return new Promise((resolve, reject) => {
      socket.once("unexpected-response", (_request, response) => {
        // ws reports its own "closed before established" error next; the refusal is the news.
        socket.removeAllListeners("error");
        socket.on("error", () => {});
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => {
          const answer = safeJson(body);
          reject(new UpgradeRefused(response.statusCode ?? 0, answer.error ?? "", answer.message ?? body.trim()));
          socket.terminate();
        });
      });
      socket.once("error", (error) => reject(unreachableError(urls.http, error)));
      socket.once("open", () => {
        socket.removeAllListeners("error");
        socket.on("error", () => {}); // the close event that follows says what happened
        resolve(new ChatSocket(socket, onFrame));
      });
    });
  }

  /** The next complete turn, or a one-line error when the server is gone or too slow. */
  nextTurn(timeoutMs = TURN_TIMEOUT_MS): Promise<Turn> {
    const ready = this.#turns.shift();
    if (ready) return Promise.resolve(ready);
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        reject(new CliError(`no answer from the server within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.#waiter = {
        resolve: (turn) => {
          clearTimeout(timer);
          resolve(turn);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  /** Sends one message and waits for its whole turn. */
  async say(text: string, timeoutMs = TURN_TIMEOUT_MS): Promise<Turn> {
    if (this.#closed) throw this.#closed;
    this.#owed += 1;
    this.#socket.send(JSON.stringify({ type: "message", text, clientMsgId: crypto.randomUUID() }));
    return this.nextTurn(timeoutMs);
  }

  /** Closes on purpose: no unexpected-close report. */
  close(): Promise<void> {
    this.#closed ??= new CliError("the connection is closed");
    this.#waiter?.reject(this.#closed);
    this.#waiter = undefined;
    if (this.#socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => this.#socket.terminate(), 1000);
      this.#socket.once("close", () => {
        clearTimeout(force);
        resolve();
      });
      this.#socket.close(1000, "bye");
    });
  }
}

function safeJson(text: string): { error?: string; message?: string } {
  try {
    const value = JSON.parse(text) as { error?: unknown; message?: unknown };
    return {
      ...(typeof value.error === "string" ? { error: value.error } : {}),
      ...(typeof value.message === "string" ? { message: value.message } : {}),
    };
  } catch {
    return {};
  }
}
