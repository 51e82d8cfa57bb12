import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { DomainError, HTTP_STATUS, retryAfterHeader } from "../domain-error.ts";
import { WWW_AUTHENTICATE } from "./operator-auth.ts";

export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Routes WebSocket upgrades by path; any other path is refused with 404 before a handshake. */
export function createUpgradeRouter(routes: ReadonlyMap<string, UpgradeHandler>) {
  return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on("error", () => socket.destroy());
    const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
    const handler = routes.get(pathname);
    if (!handler) {
      refuseUpgrade(socket, 404, "Not Found");
      return;
    }
    handler(request, socket, head);
  };
}

/** Answers an upgrade with a plain HTTP status and closes the socket. */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  reason: string,
  body = "",
  headers: Record<string, string> = {},
): void {
  if (!socket.writable) return void socket.destroy();
  const text = body || JSON.stringify({ error: reason.toUpperCase().replace(/\W+/g, "_"), message: reason });
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n${extra.join("")}` +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

/**
 * Answers an upgrade refused by `error` as REST answers the same error: its status and
 * `{"error": code, "message": …}`, `WWW-Authenticate` on 401, `Retry-After` on 429. Anything
 * but a DomainError is a 500 that tells the client nothing more.
 */
export function refuseUpgradeWith(socket: Duplex, error: unknown): void {
  const known = error instanceof DomainError;
  const code = known ? error.code : "INTERNAL";
  const status = HTTP_STATUS[code];
  const headers = code === "UNAUTHORIZED" ? { "WWW-Authenticate": WWW_AUTHENTICATE } : retryAfterHeader(error);
  const body = JSON.stringify({ error: code, message: known ? error.message : "internal error" });
  refuseUpgrade(socket, status, STATUS_CODES[status] ?? "Error", body, headers);
}
