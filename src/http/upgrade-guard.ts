import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { DomainError } from "../domain-error.ts";
import type { ConnectionLimiter } from "../limits/connection-limiter.ts";
import type { HostPolicy } from "../limits/host-policy.ts";
import type { OriginPolicy } from "../limits/origin-policy.ts";
import type { ClientAddress } from "./client-address.ts";
import { foreignOrigin, misdirected } from "./origin-check.ts";
import { refuseUpgradeWith, type UpgradeHandler } from "./upgrade-router.ts";

export interface UpgradeGuardOptions {
  hosts: HostPolicy;
  origins: OriginPolicy;
  connections: ConnectionLimiter;
  clientAddress: ClientAddress;
  /** Told the error code of each refused upgrade (for metrics). */
  onRefused?: (code: "BAD_REQUEST" | "FORBIDDEN" | "RATE_LIMITED") => void;
}

/**
 * Checks a WebSocket upgrade before its endpoint sees it, as the origin check does HTTP: the
 * `Host` must be one the server answers to (400), a browser's `Origin` the server's own or an
 * allowed one (403), and an address may hold only so many connections at once (429). The count is released
 * when the underlying socket closes, however the connection ends.
 */
export function guardUpgrade(handler: UpgradeHandler, options: UpgradeGuardOptions): UpgradeHandler {
  const { hosts, origins, connections, clientAddress, onRefused } = options;
  return (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { host, origin } = request.headers;
    if (!hosts.allows(host)) {
      onRefused?.("BAD_REQUEST");
      return refuseUpgradeWith(socket, new DomainError("BAD_REQUEST", misdirected(host)));
    }
    if (!origins.allows(origin, host)) {
      onRefused?.("FORBIDDEN");
      return refuseUpgradeWith(socket, new DomainError("FORBIDDEN", foreignOrigin(origin ?? "")));
    }
    const release = connections.tryOpen(clientAddress(request));
    if (!release) {
      onRefused?.("RATE_LIMITED");
      const message = "too many connections from this address; close one and retry";
      return refuseUpgradeWith(socket, new DomainError("RATE_LIMITED", message));
    }
    socket.once("close", release);
    handler(request, socket, head);
  };
}
