import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  /** The request target exactly as it arrived (not decoded, not normalised). */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeBusinessApi {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>`, as HTTP_BLOCK_ALLOWED_HOSTS lists it. */
  host: string;
  port: number;
  requests: SeenRequest[];
  /** Resolves when a request for this path (without query) arrives. */
  arrived(path: string): Promise<SeenRequest>;
  close(): Promise<void>;
}

/** Larger than the 1 MiB answer cap. */
const BIG = `[${'"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",'.repeat(40_000)}"end"]`;

function answer(response: http.ServerResponse, status: number, body: unknown, type = "application/json"): void {
  response.writeHead(status, { "content-type": type });
  response.end(typeof body === "string" ? body : JSON.stringify(body));
}

/**
 * The business's own API as a real HTTP server on 127.0.0.1: orders, an echo of what it was sent,
 * and every way an answer can go wrong (a status, text, silence, size, nesting, text the database
 * cannot store, a redirect).
 */
export async function startFakeBusinessApi(): Promise<FakeBusinessApi> {
  const requests: SeenRequest[] = [];
  const waiting: { path: string; resolve: (request: SeenRequest) => void }[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const seen: SeenRequest = {
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body,
      };
      requests.push(seen);
      const path = seen.url.split("?")[0] ?? "";
      for (const waiter of waiting.filter((w) => w.path === path)) waiter.resolve(seen);
      const [, first, second] = path.split("/");
      if (first === "orders") {
        return answer(response, 200, {
          id: decodeURIComponent(second ?? ""),
          status: "shipped",
          items: [{ name: "Latte beans", qty: 2 }],
        });
      }
      if (first === "echo") {
        return answer(response, 200, { authorization: request.headers.authorization ?? null, query: seen.url, body });
      }
      if (first === "fail") return answer(response, 503, { error: "down for maintenance" });
      if (first === "text") return answer(response, 200, "<html>not json</html>", "text/html");
      if (first === "big") return answer(response, 200, BIG);
      if (first === "redirect") {
        response.writeHead(302, { location: "/orders/1" });
        return response.end();
      }
      if (first === "deep") return answer(response, 200, `${"[".repeat(100)}${"]".repeat(100)}`);
      if (first === "nul") return answer(response, 200, '{"a\\u0000b": "x\\u0000y \\ud800"}');
      if (first === "slow") return; // never answers
      answer(response, 404, { error: "no such route" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    port,
    requests,
    arrived: (path) => new Promise((resolve) => waiting.push({ path, resolve })),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
