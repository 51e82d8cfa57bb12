import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { ChatClient, lastFrame, type Frame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { closed, tryUpgrade } from "../utils/raw-upgrade.ts";
import { tallyEachTest } from "../utils/hardening-counts.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

// Every turn of the echo flow ends waiting, however many messages arrive.
const echo = JSON.parse(fs.readFileSync("test/fixtures/echo.json", "utf8")) as unknown;
type TestApp = Awaited<ReturnType<typeof startTestApp>>;
// Rates this slow never refill during a test: the counts below are exact.
const SLOW = "0.001";
let perConnection: TestApp;
let perAddress: TestApp;

beforeAll(async () => {
  [perConnection, perAddress] = await Promise.all([
    startTestApp(
      { CHAT_MESSAGES_PER_SECOND: SLOW, CHAT_MESSAGE_BURST: "3", CHAT_ABUSE_LIMIT: "5" },
      { ports: createFakePorts() },
    ),
    startTestApp(
      {
        CHAT_IP_MESSAGES_PER_SECOND: SLOW,
        CHAT_IP_MESSAGE_BURST: "4",
        MAX_CONNECTIONS_PER_IP: "3",
        ALLOWED_ORIGINS: "https://app.example",
        TRUST_PROXY: "1",
      },
      { ports: createFakePorts() },
    ),
  ]);
  await Promise.all([uploadFlow(perConnection.url, echo), uploadFlow(perAddress.url, echo)]);
});
afterAll(async () => {
  await Promise.all([perConnection.stop(), perAddress.stop()]);
});
tallyEachTest("chat/limits", () => perConnection.url);

async function connect(app: TestApp) {
  const client = await ChatClient.open(app.wsUrl, { name: "Ada" });
  const session = (await client.turn())[0] as Frame & { sessionId: string };
  return { client, sessionId: session.sessionId };
}

const storedCustomerTexts = async (app: TestApp, sessionId: string) =>
  (
    await app.database.prisma.message.findMany({ where: { sessionId, sender: "CUSTOMER" }, orderBy: { seq: "asc" } })
  ).map((m) => m.text);

describe("/chat message rate limits", () => {
  it("should answer a frame over the connection's limit with RATE_LIMITED and store nothing of it", async () => {
    const { client, sessionId } = await connect(perConnection);
    for (const text of ["tea", "tea", "tea"]) expect(lastFrame(await client.say(text))?.type).toBe("waiting");
    expect(await client.say("one more")).toEqual([
      { type: "error", code: "RATE_LIMITED", message: expect.any(String) },
    ]);
    expect(await client.sendRaw(Buffer.from("binary"), true)).toEqual([
      expect.objectContaining({ type: "error", code: "RATE_LIMITED" }),
    ]);
    expect(await storedCustomerTexts(perConnection, sessionId)).toEqual(["tea", "tea", "tea"]);
    expect(client.closed).toBe(false);
    client.close();
  });

  it("should close a connection that keeps sending over the limit with 1008, after answering every frame", async () => {
    const { client, sessionId } = await connect(perConnection);
    for (let i = 0; i < 3; i++) client.socket.send("tea");
    for (let i = 0; i < 10; i++) client.socket.send("too fast");
    const code = await closed(client.socket);
    expect(code).toBe(1008);
    const errors = client.frames.filter((f) => f.type === "error");
    // Five refusals make it abusive; the frames after that are not read.
    expect(errors).toHaveLength(5);
    expect(errors.every((f) => f.code === "RATE_LIMITED")).toBe(true);
    expect(client.frames.filter((f) => f.type === "waiting")).toHaveLength(4);
    expect(await storedCustomerTexts(perConnection, sessionId)).toEqual(["tea", "tea", "tea"]);
  });

  it("should count the messages of every connection from one address together", async () => {
    const [a, b] = [await connect(perAddress), await connect(perAddress)];
    for (let i = 0; i < 3; i++) expect(lastFrame(await a.client.say("tea"))?.type).toBe("waiting");
    expect(lastFrame(await b.client.say("tea"))?.type).toBe("waiting");
    expect(await b.client.say("tea")).toEqual([expect.objectContaining({ type: "error", code: "RATE_LIMITED" })]);
    expect(await a.client.say("tea")).toEqual([expect.objectContaining({ type: "error", code: "RATE_LIMITED" })]);
    a.client.close();
    b.client.close();
    await Promise.all([closed(a.client.socket), closed(b.client.socket)]);
  });

  it("should keep the server healthy for other clients while one is limited", async () => {
    const response = await fetch(`${perConnection.url}/healthz`);
    expect(response.status).toBe(200);
    const { client } = await connect(perConnection);
    expect(lastFrame(await client.say("tea"))?.type).toBe("waiting");
    client.close();
  });
});

describe("connections per address", () => {
  it("should refuse the upgrade past the cap with 429 JSON, on /chat and /graphql alike, until one closes", async () => {
    const open: WebSocket[] = [];
    for (const path of ["/chat", "/graphql", "/chat"]) {
      const outcome = await tryUpgrade(
        `${perAddress.wsUrl}${path}`,
        {},
        path === "/graphql" ? "graphql-transport-ws" : undefined,
      );
      expect(outcome.status).toBe(101);
      if ("socket" in outcome) open.push(outcome.socket);
    }
    for (const path of ["/chat", "/graphql"]) {
      const refused = await tryUpgrade(`${perAddress.wsUrl}${path}`);
      expect(refused.status).toBe(429);
      if (!("body" in refused)) throw new Error("accepted");
      expect(JSON.parse(refused.body)).toMatchObject({ error: "RATE_LIMITED" });
    }
    open[0]!.close();
    await closed(open[0]!);
    const again = await tryUpgrade(`${perAddress.wsUrl}/chat`);
    expect(again.status).toBe(101);
    for (const socket of [...open, "socket" in again ? again.socket : undefined]) socket?.close();
  });

  it("should count a trusted proxy's clients by their forwarded address", async () => {
    const sockets: WebSocket[] = [];
    for (let i = 0; i < 3; i++) {
      const outcome = await tryUpgrade(`${perAddress.wsUrl}/chat`, { "x-forwarded-for": "203.0.113.7" });
      if ("socket" in outcome) sockets.push(outcome.socket);
    }
    expect(sockets).toHaveLength(3);
    // The client may claim anything before the proxy's own entry: only the last one counts.
    const spoofed = await tryUpgrade(`${perAddress.wsUrl}/chat`, { "x-forwarded-for": "198.51.100.1, 203.0.113.7" });
    expect(spoofed.status).toBe(429);
    const other = await tryUpgrade(`${perAddress.wsUrl}/chat`, { "x-forwarded-for": "203.0.113.8" });
    expect(other.status).toBe(101);
    for (const socket of [...sockets, "socket" in other ? other.socket : undefined]) socket?.close();
    await Promise.all(sockets.map(closed));
  });
});

describe("ALLOWED_ORIGINS", () => {
  it("should refuse a WebSocket upgrade from an origin not on the list with 403, on both endpoints", async () => {
    for (const path of ["/chat", "/graphql"]) {
      const refused = await tryUpgrade(`${perAddress.wsUrl}${path}`, { origin: "https://evil.example" });
      expect(refused.status).toBe(403);
      if ("body" in refused) expect(JSON.parse(refused.body)).toMatchObject({ error: "FORBIDDEN" });
    }
    const allowed = await tryUpgrade(`${perAddress.wsUrl}/chat`, { origin: "https://app.example" });
    expect(allowed.status).toBe(101);
    if ("socket" in allowed) allowed.socket.close();
  });

  it("should refuse REST and GraphQL requests from another origin with 403 before they run", async () => {
    const before = await perAddress.database.prisma.flowConfig.count();
    const upload = await fetch(`${perAddress.url}/config`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify(echo),
    });
    expect(upload.status).toBe(403);
    expect(await upload.json()).toMatchObject({ error: "FORBIDDEN" });
    const graphql = await fetch(`${perAddress.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ query: 'mutation { startConversation(name: "Eve") { sessionId } }' }),
    });
    expect(graphql.status).toBe(403);
    expect(await perAddress.database.prisma.flowConfig.count()).toBe(before);
    const preflight = await fetch(`${perAddress.url}/graphql`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(403);
  });

  it("should answer an allowed origin with CORS headers, its preflight with 204, and clients without Origin as before", async () => {
    const preflight = await fetch(`${perAddress.url}/graphql`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
    const graphql = await fetch(`${perAddress.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://app.example" },
      body: JSON.stringify({ query: "{ feedbackSummary { count } }" }),
    });
    expect(graphql.status).toBe(200);
    expect(graphql.headers.get("access-control-allow-origin")).toBe("https://app.example");
    const rest = await fetch(`${perAddress.url}/config/versions`, { headers: { origin: "https://app.example" } });
    expect(rest.status).toBe(200);
    expect(rest.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect((await fetch(`${perAddress.url}/config/versions`)).status).toBe(200);
  });
});
