// The two small servers `npm run studio` puts between the browser, Prisma Studio and the data.
import http from "node:http";
import net from "node:net";

/** A free loopback port (for Prisma Studio behind the proxy). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Forwards a loopback TCP port to the Unix socket on which the data directory's holder serves
 * it: Prisma Studio speaks to a host and port.
 */
export async function bridgeToSocket(socketPath: string): Promise<{ port: number; close(): void }> {
  const server = net.createServer((client) => {
    const upstream = net.connect(socketPath);
    client.pipe(upstream).pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", () => resolve()));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

// Prisma Studio's page reports its start to Prisma's servers itself unless it finds
// CHECKPOINT_DISABLE in its environment, which in a browser it looks up on `__env__`.
const TELEMETRY_OFF = `<script>window.__env__ = { CHECKPOINT_DISABLE: "1" };</script>`;

/**
 * Serves Prisma Studio (running on `studioPort`) on `port`, with its telemetry off: the page is
 * told so before its code runs, and its `/telemetry` calls end here.
 */
export async function serveWithoutTelemetry(port: number, studioPort: number): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    if (request.url === "/telemetry") {
      request.resume();
      response.writeHead(200).end();
      return;
    }
    const upstream = http.request(
      {
        host: "127.0.0.1",
        port: studioPort,
        path: request.url,
        method: request.method,
        headers: {
          ...request.headers,
          // Studio answers only requests addressed to itself.
          host: `localhost:${studioPort}`,
          ...(request.headers.origin ? { origin: `http://localhost:${studioPort}` } : {}),
          "accept-encoding": "identity", // the page is rewritten
        },
      },
      (answer) => {
        const isPage = (answer.headers["content-type"] ?? "").startsWith("text/html");
        if (!isPage) {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const page = Buffer.concat(chunks).toString("utf8").replace("<head>", `<head>${TELEMETRY_OFF}`);
          const { "content-length": _length, ...headers } = answer.headers;
          response.writeHead(answer.statusCode ?? 200, headers).end(page);
        });
      },
    );
    upstream.on("error", () => response.writeHead(502).end("Prisma Studio is not answering"));
    request.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", () => resolve()));
  return server;
}
