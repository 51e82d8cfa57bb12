import WebSocket from "ws";
import { unreachableError } from "../http.ts";
import type { ServerUrls } from "../server-url.ts";

export interface ConnectQuery {
  customerId?: string | undefined;
  token?: string | undefined;
  customerIdSignature?: string | undefined;
  name?: string | undefined;
}

/** The server refused the upgrade (401 for a known customer without its token, 429, 503…). */
export class UpgradeRefused extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** An open `/chat` socket and the frames that came with the handshake. */
export interface OpenedSocket {
  socket: WebSocket;
  /**
   * Stops holding frames and returns the ones held, oldest first. Attach the `message` listener
   * in the same synchronous step, so no frame falls between the two.
   */
  takeEarlyFrames: () => Buffer[];
}

/**
 * Opens `/chat`: resolves with the open socket, rejects with `UpgradeRefused` when the server
 * answers the upgrade with an error, or with a one-line `CliError` when nothing answers.
 *
 * Frames are held from the start: the server may send its first frames in the same packet as
 * the handshake's answer (it does when it resumes a session, which needs no database write),
 * and `ws` emits those before a promise's `then` could attach a listener.
 */
export function openWebSocket(urls: ServerUrls, query: ConnectQuery): Promise<OpenedSocket> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query) as [string, string | undefined][]) if (value) params.set(key, value);
  const socket = new WebSocket(`${urls.ws}/chat${params.size ? `?${params}` : ""}`, { handshakeTimeout: 10_000 });
  const early: Buffer[] = [];
  const hold = (data: Buffer) => early.push(data);
  socket.on("message", hold);
  const takeEarlyFrames = () => {
    socket.off("message", hold);
    return early.splice(0);
  };
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
    // The socket's own error stays as the cause: a reconnect reports it in a few words.
    socket.once("error", (error) => reject(Object.assign(unreachableError(urls.http, error), { cause: error })));
    socket.once("open", () => {
      socket.removeAllListeners("error");
      socket.on("error", () => {}); // the close event that follows says what happened
      resolve({ socket, takeEarlyFrames });
    });
  });
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
