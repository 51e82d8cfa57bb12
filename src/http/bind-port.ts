import net from "node:net";

/** A port bound before the app exists; the app's HTTP server takes it over with `listen(port.server)`. */
export interface BoundPort {
  readonly server: net.Server;
  /** Hands the connections that arrived meanwhile to the app's HTTP server. */
  handOver(to: net.Server): void;
}

/**
 * Connections the kernel holds for the server before it accepts them. Node's default, 511, is
 * less than one reconnect storm: when 1,000 customers came back at once after a restart, the
 * queue overflowed, the kernel dropped the rest of their handshakes, and those customers waited
 * a full second for their clients to try again (the bench's resume storm: p99 1.1 s instead of
 * 0.4 s, `TcpExtListenOverflows` counting the drops). The kernel caps the figure at
 * `net.core.somaxconn` (4096 on Linux since 5.4).
 */
export const LISTEN_BACKLOG = 4096;

/** The port is in use (or not allowed): the one line a user needs. */
export class PortUnavailableError extends Error {
  readonly code: string;
  constructor(port: number, host: string, code: string) {
    const why = code === "EADDRINUSE" ? "is in use" : code === "EACCES" ? "is not allowed" : "cannot be bound";
    super(`port ${port} on ${host} ${why} (${code})`);
    this.name = "PortUnavailableError";
    this.code = code;
  }
}

/**
 * Binds the port first, before any data is opened: a second server on a busy port fails here,
 * having touched nothing. Connections that arrive while the app loads wait, unread, until the
 * app's server takes them.
 */
export function bindPort(port: number, host: string): Promise<BoundPort> {
  const early: net.Socket[] = [];
  const server = net.createServer({ pauseOnConnect: true }, (socket) => early.push(socket));
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new PortUnavailableError(port, host, error.code ?? "?")),
    );
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.removeAllListeners("error");
      resolve({
        server,
        handOver: (to) => {
          server.removeAllListeners("connection");
          for (const socket of early.splice(0)) {
            to.emit("connection", socket);
            socket.resume();
          }
        },
      });
    });
  });
}
