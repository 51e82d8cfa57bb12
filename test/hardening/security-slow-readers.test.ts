import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connectInspector, type InspectorProbe } from "../../bench/servers/inspector-probe.ts";
import { tallyEachTest } from "../utils/hardening-counts.ts";
import { freePort } from "../utils/processes.ts";
import { spawnServer, type SpawnedServer } from "../utils/spawn-server.ts";
import { startTestApp } from "../utils/start-test-app.ts";

const SLOW_READERS = 30;
/** The GraphiQL page is ~9 MB: held once per non-reading client, 30 of them held ~1.3 GB. */
const GROWTH_BOUND_BYTES = 32 * 1024 * 1024;

/**
 * The server's live JavaScript memory (V8 heap and buffers) after a full collection: RSS alone
 * swings by hundreds of MB as V8 returns garbage to the system lazily, whatever the test does.
 */
async function liveMemory(probe: InspectorProbe): Promise<number> {
  await probe.collectGarbage();
  const usage = await probe.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** Opens a socket, sends `request`, resolves with the first bytes answered, and stops reading. */
function firstBytes(port: number, request: string, from?: string): Promise<{ socket: net.Socket; head: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: "127.0.0.1", localAddress: from }, () => socket.write(request));
    socket.once("data", (chunk: Buffer) => {
      socket.pause();
      resolve({ socket, head: chunk.subarray(0, 200).toString("latin1") });
    });
    socket.once("error", reject);
  });
}

/** Everything answered until the server closes the socket. */
function wholeAnswer(port: number, request: string, from?: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1", localAddress: from }, () => socket.write(request));
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
    socket.on("error", () => {});
    socket.on("close", () => resolve(answer));
  });
}

/** The server each case runs against, for the tally's health check after it. */
let current = "";
tallyEachTest("security/slow-readers", () => current);

const graphiqlRequest = "GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n\r\n";
const healthRequest = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
const closingHealthRequest = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

describe("clients that do not read GraphiQL", () => {
  let server: SpawnedServer;
  let probe: InspectorProbe;
  const held: net.Socket[] = [];
  beforeAll(async () => {
    const inspectPort = await freePort();
    server = await spawnServer(
      { DATABASE_URL: "memory:", NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPort}` },
      { healthyWithinMs: 100_000 },
    );
    probe = await connectInspector(inspectPort);
    current = server.url;
  }, 180_000);
  afterAll(async () => {
    for (const socket of held) socket.destroy();
    probe?.close();
    await server?.ensureStopped();
  });

  it(`should hold far less than ${SLOW_READERS} pages of memory for ${SLOW_READERS} clients that never read it`, async () => {
    // The first request renders (and compresses) the page: a one-time cost, not per client.
    const warm = await fetch(`${server.url}/graphql`, { headers: { accept: "text/html" } });
    expect(warm.status).toBe(200);
    const pageBytes = (await warm.arrayBuffer()).byteLength;
    expect(pageBytes).toBeGreaterThan(4 * 1024 * 1024);
    const port = Number(new URL(server.url).port);
    const before = await liveMemory(probe);

    // Each client's answer has begun (its whole body is prepared by then) and it stops reading.
    const clients = await Promise.all(Array.from({ length: SLOW_READERS }, () => firstBytes(port, graphiqlRequest)));
    held.push(...clients.map((client) => client.socket));
    for (const { head } of clients) expect(head).toMatch(/^HTTP\/1\.1 200 /);
    const growth = (await liveMemory(probe)) - before;
    console.info(
      `[slow-readers] heap and buffers grew ${(growth / 1048576).toFixed(1)} MiB for ${SLOW_READERS} non-reading clients of a ${(pageBytes / 1048576).toFixed(1)} MiB page`,
    );
    expect(growth).toBeLessThan(GROWTH_BOUND_BYTES);
    expect(GROWTH_BOUND_BYTES).toBeLessThan((SLOW_READERS * pageBytes) / 4);

    // Others are still served meanwhile.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 180_000);
});

describe("HTTP connection caps", () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  /** A server that takes two connections in all. */
  let capped: Awaited<ReturnType<typeof startTestApp>>;
  const open: net.Socket[] = [];
  beforeAll(async () => {
    app = await startTestApp({ MAX_HTTP_CONNECTIONS_PER_IP: "3", MAX_HTTP_CONNECTIONS: "100" });
    capped = await startTestApp({ MAX_HTTP_CONNECTIONS_PER_IP: "0", MAX_HTTP_CONNECTIONS: "2" });
    current = app.url;
  }, 120_000);
  afterEach(() => {
    for (const socket of open.splice(0)) socket.destroy();
  });
  afterAll(async () => {
    await app?.stop();
    await capped?.stop();
  });

  // Each case connects from its own loopback address (Linux answers all of 127/8), so no case
  // meets another's connections, nor the health checks' (from 127.0.0.1).
  /** A kept-alive connection the server has answered once (so it has counted it). */
  async function answeredConnection(from: string): Promise<{ socket: net.Socket; head: string }> {
    const connection = await firstBytes(app.port, healthRequest, from);
    open.push(connection.socket);
    return connection;
  }

  it("should answer a request on a connection past the per-address cap with 429 JSON and close it", async () => {
    for (let i = 0; i < 3; i++) expect((await answeredConnection("127.0.0.2")).head).toMatch(/^HTTP\/1\.1 200 /);
    const refused = await wholeAnswer(app.port, healthRequest, "127.0.0.2");
    expect(refused).toMatch(/^HTTP\/1\.1 429 /);
    expect(refused).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(refused.slice(refused.indexOf("\r\n\r\n") + 4))).toEqual({
      error: "RATE_LIMITED",
      message: expect.stringMatching(/too many connections/),
    });
  });

  it("should refuse a WebSocket upgrade past the per-address cap with 429 before the handshake", async () => {
    for (let i = 0; i < 3; i++) await answeredConnection("127.0.0.3");
    const refused = await wholeAnswer(
      app.port,
      "GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
      "127.0.0.3",
    );
    expect(refused).toMatch(/^HTTP\/1\.1 429 /);
    expect(refused).toContain('"error":"RATE_LIMITED"');
  });

  it("should accept that address again once its connections close", async () => {
    const first = await answeredConnection("127.0.0.4");
    for (let i = 0; i < 2; i++) await answeredConnection("127.0.0.4");
    const closed = new Promise((resolve) => first.socket.once("close", resolve));
    first.socket.destroy();
    await closed;
    // The server learns of the close a moment later; each attempt is answered either way.
    let answer = "";
    for (let attempt = 0; attempt < 50 && !answer.startsWith("HTTP/1.1 200"); attempt++) {
      answer = await wholeAnswer(app.port, closingHealthRequest, "127.0.0.4");
    }
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });

  it("should close a connection past the total cap without reading it", async () => {
    // Node closes a connection past `maxConnections` as soon as it is accepted.
    const held = await Promise.all([0, 1].map(() => firstBytes(capped.port, healthRequest, "127.0.0.5")));
    open.push(...held.map((connection) => connection.socket));
    expect(await wholeAnswer(capped.port, healthRequest, "127.0.0.5")).toBe("");
  });
});
