import net from "node:net";

/**
 * How a cut looks to the server: `refuse` resets every new connection at once (a database or
 * Redis that is down), `blackhole` accepts and never answers (a network partition).
 */
export type CutMode = "refuse" | "blackhole";

/** A TCP proxy a test owns, so it can take a service away without touching the service. */
export interface FaultProxy {
  /** The loopback port the proxy listens on. */
  readonly port: number;
  /** Connections forwarded since the start (for assertions that the server reconnected). */
  readonly accepted: number;
  /** The target URL rewritten to go through the proxy (`postgres://…`, `redis://…`). */
  url(targetUrl: string): string;
  /** Destroys every open connection; new ones are refused or blackholed until `restore()`. */
  cut(mode?: CutMode): void;
  /** Forwards new connections again (blackholed ones are dropped, as a partition healing would). */
  restore(): void;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 and a random port, forwarding to `target`. */
export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  const open = new Set<net.Socket>();
  const held = new Set<net.Socket>();
  let cutMode: CutMode | undefined;
  let accepted = 0;

  const server = net.createServer((client) => {
    client.on("error", () => {});
    if (cutMode === "refuse") return void client.resetAndDestroy();
    if (cutMode === "blackhole") {
      held.add(client);
      client.on("close", () => held.delete(client));
      return;
    }
    accepted++;
    const upstream = net.connect(target.port, target.host);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    open.add(client);
    open.add(upstream);
    client.on("close", () => open.delete(client));
    upstream.on("close", () => open.delete(upstream));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;

  const destroyAll = (sockets: Set<net.Socket>) => {
    for (const socket of sockets) socket.resetAndDestroy();
    sockets.clear();
  };

  return {
    port,
    get accepted() {
      return accepted;
    },
    url(targetUrl) {
      const url = new URL(targetUrl);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      return url.toString();
    },
    cut(mode = "refuse") {
      cutMode = mode;
      destroyAll(open);
    },
    restore() {
      cutMode = undefined;
      destroyAll(held);
    },
    async close() {
      cutMode = "refuse";
      destroyAll(open);
      destroyAll(held);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Host and port of a `postgres://` or `redis://` URL. */
export function targetOf(url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname || "127.0.0.1", port: Number(parsed.port || defaultPort) };
}
