import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { ConnectionLimiter } from "../limits/connection-limiter.ts";
import type { OriginPolicy } from "../limits/origin-policy.ts";
import type { ClientAddress } from "./client-address.ts";
import { refuseUpgrade, type UpgradeHandler } from "./upgrade-router.ts";

export interface UpgradeGuardOptions {
  origins: OriginPolicy;
  connections: ConnectionLimiter;
  clientAddress: ClientAddress;
  /** Told the error code of each refused upgrade (for metrics). */
  onRefused?: (code: "FORBIDDEN" | "RATE_LIMITED") => void;
}

/**
 * Checks a WebSocket upgrade before its endpoint sees it: a browser's `Origin` must be allowed
 * (403), and an address may hold only so many connections at once (429). The count is released
 * when the underlying socket closes, however the connection ends.
 */
export function guardUpgrade(handler: UpgradeHandler, options: UpgradeGuardOptions): UpgradeHandler {
  const { origins, connections, clientAddress, onRefused } = options;
  return (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const origin = request.headers.origin;
    if (!origins.allows(origin)) {
      onRefused?.("FORBIDDEN");
      const message = `origin ${origin} is not allowed (ALLOWED_ORIGINS)`;
      return refuseUpgrade(socket, 403, "Forbidden", JSON.stringify({ error: "FORBIDDEN", message }));
    }
    const release = connections.tryOpen(clientAddress(request));
    if (!release) {
      onRefused?.("RATE_LIMITED");
      const message = "too many connections from this address; close one and retry";
      return refuseUpgrade(socket, 429, "Too Many Requests", JSON.stringify({ error: "RATE_LIMITED", message }));
    }
    socket.once("close", release);
    handler(request, socket, head);
  };
}
