import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

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
