import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { Next, Request, RequestHandler, Response } from "restify";
import { ConnectionLimiter } from "../limits/connection-limiter.ts";

/**
 * Time a client has to send a request's headers (Node's default: 60 s). Slow-header clients
 * ("slowloris") hold a connection and little else, so this only needs to free it in time.
 * @default 20000
 */
export const HEADERS_TIMEOUT_MS = 20_000;
/** Time a client has to send a whole request, body included (Node's default: 300 s). @default 60000 */
export const REQUEST_TIMEOUT_MS = 60_000;

export interface ConnectionCapOptions {
  /** Open connections in all (WebSockets included); 0: no cap. */
  maxTotal: number;
  /** Open connections from one peer address; 0: no cap. */
  maxPerAddress: number;
}

/** Says whether a connection was accepted past its address's cap (each of its requests is refused). */
export type OverCap = (socket: Socket) => boolean;

/**
 * Caps the server's TCP connections. Past the total Node closes a new connection at once
 * (`maxConnections`): nothing is read from it or kept for it. Past the per-address cap the
 * connection is kept just long enough to answer its request with a 429: a client then knows
 * why, and the count it holds (its file descriptor) is released when it goes.
 *
 * The address is the TCP peer's: behind a reverse proxy that is the proxy, so callers turn the
 * per-address cap off there (the proxy limits its own clients).
 */
export function capConnections(server: Server, options: ConnectionCapOptions): OverCap {
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  if (options.maxTotal > 0) server.maxConnections = options.maxTotal;
  const limiter = new ConnectionLimiter(options.maxPerAddress);
  const overCap = new WeakSet<Socket>();
  server.on("connection", (socket: Socket) => {
    const release = limiter.tryOpen(socket.remoteAddress ?? "unknown");
    if (release) socket.once("close", release);
    else overCap.add(socket);
  });
  return (socket) => overCap.has(socket);
}

export const OVER_CAP_MESSAGE = "too many connections from this address; close one and retry";

/** Answers each request of a connection past its address's cap with a 429, then closes it. */
export function refuseOverCapRequests(overCap: OverCap): RequestHandler {
  return (request: Request, response: Response, next: Next) => {
    if (!overCap(request.socket)) return next();
    response.header("Connection", "close");
    response.send(429, { error: "RATE_LIMITED", message: OVER_CAP_MESSAGE });
    return next(false);
  };
}
