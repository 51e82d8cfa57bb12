import type { IncomingMessage } from "node:http";

export type ClientAddress = (request: IncomingMessage) => string;

/**
 * The address limits are counted against. Behind a reverse proxy every client would share the
 * proxy's address, so with `trustProxy` the last `X-Forwarded-For` entry is used: the one the
 * proxy itself appended (entries before it are whatever the client claimed).
 */
export function createClientAddress(trustProxy: boolean): ClientAddress {
  return (request) => {
    if (trustProxy) {
      const header = request.headers["x-forwarded-for"];
      const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").at(-1)?.trim();
      if (forwarded) return forwarded;
    }
    return request.socket.remoteAddress ?? "unknown";
  };
}
