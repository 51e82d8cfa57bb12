import WebSocket from "ws";
import { HANG_MS } from "./patience.ts";

export interface Frame {
  type: string;
  [key: string]: unknown;
}

/** A `/chat` client for tests: collects frames and reads them turn by turn. */
export class ChatClient {
  readonly frames: Frame[] = [];
  #cursor = 0;
  #wake: () => void = () => {};
  closed = false;
  closeCode: number | undefined;
  /** Resolves with the close code once the socket has closed. */
  readonly whenClosed: Promise<number>;

  readonly socket: WebSocket;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    this.whenClosed = new Promise((resolve) => socket.once("close", (code: number) => resolve(code)));
    socket.on("message", (data: Buffer) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      this.#wake();
    });
    socket.on("close", (code) => {
      this.closed = true;
      this.closeCode = code;
      this.#wake();
    });
    socket.on("error", () => {});
  }

  /** Connects; rejects with `{ status }` when the upgrade is refused. */
  static open(
    wsUrl: string,
    query: Record<string, string | undefined> = {},
    headers: Record<string, string> = {},
  ): Promise<ChatClient> {
    const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
    const socket = new WebSocket(`${wsUrl}/chat${params.size ? `?${params}` : ""}`, { headers });
    return new Promise((resolve, reject) => {
      socket.once("unexpected-response", (_request, response) =>
        reject(Object.assign(new Error(`refused ${response.statusCode}`), { status: response.statusCode })),
      );
      socket.once("error", reject);
      socket.once("open", () => resolve(new ChatClient(socket)));
    });
  }

  /** Frames up to and including the next `waiting`, `ended` or `error`. */
  async turn(timeoutMs = HANG_MS): Promise<Frame[]> {
    const started = Date.now();
    for (;;) {
      const end = this.frames.findIndex((f, i) => i >= this.#cursor && ["waiting", "ended", "error"].includes(f.type));
      if (end >= 0) {
        const frames = this.frames.slice(this.#cursor, end + 1);
        this.#cursor = end + 1;
        return frames;
      }
      if (this.closed) throw new Error(`socket closed (${this.closeCode}) before the turn ended`);
      if (Date.now() - started > timeoutMs)
        throw new Error(`no end of turn; frames: ${JSON.stringify(this.frames.slice(this.#cursor))}`);
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        setTimeout(resolve, 50);
      });
    }
  }

  /** Frames up to and including the next one that `test` accepts (for frames no client message prompted). */
  async until(test: (frame: Frame) => boolean, timeoutMs = 10_000): Promise<Frame[]> {
    const started = Date.now();
    for (;;) {
      const found = this.frames.findIndex((f, i) => i >= this.#cursor && test(f));
      if (found >= 0) {
        const frames = this.frames.slice(this.#cursor, found + 1);
        this.#cursor = found + 1;
        return frames;
      }
      if (this.closed) throw new Error(`socket closed (${this.closeCode}) before the frame came`);
      if (Date.now() - started > timeoutMs)
        throw new Error(`no such frame; frames: ${JSON.stringify(this.frames.slice(this.#cursor))}`);
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        setTimeout(resolve, 50);
      });
    }
  }

  async say(text: string, clientMsgId?: string): Promise<Frame[]> {
    this.socket.send(JSON.stringify({ type: "message", text, ...(clientMsgId ? { clientMsgId } : {}) }));
    return this.turn();
  }

  async sendRaw(data: string | Buffer, binary = false): Promise<Frame[]> {
    this.socket.send(data, { binary });
    return this.turn();
  }

  close(): void {
    this.socket.close();
  }
}

export const botTexts = (frames: Frame[]) =>
  frames.filter((f) => f.type === "message" && f.sender === "bot").map((f) => f.text);
export const lastFrame = (frames: Frame[]) => frames[frames.length - 1];

/** A customer's `session` frame: who it is and how to come back. */
export type SessionFrame = Frame & { sessionId: string; customerId: string; customerToken: string; resumed: boolean };

/** Connects as a customer and reads the opening turn: the client, its frames and the session frame. */
export async function connectCustomer(
  wsUrl: string,
  query: Record<string, string | undefined> = { name: "Ada" },
  headers: Record<string, string> = {},
): Promise<{ client: ChatClient; frames: Frame[]; session: SessionFrame }> {
  const client = await ChatClient.open(wsUrl, query, headers);
  const frames = await client.turn();
  const session = frames.find((f) => f.type === "session") as SessionFrame;
  return { client, frames, session };
}
