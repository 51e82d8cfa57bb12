import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakePorts } from "../utils/fake-ports.ts";
import { tallyEachTest } from "../utils/hardening-counts.ts";
import { rawRequest } from "../utils/raw-http.ts";
import { tryUpgrade } from "../utils/raw-upgrade.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

// The default install: no ADMIN_TOKEN on loopback, so every request that gets through is an operator's.
const echo = JSON.parse(fs.readFileSync("test/fixtures/echo.json", "utf8")) as Record<string, unknown>;
const EVIL = "https://evil.example";
const UPLOAD = "mutation($d: JSON!) { uploadFlow(definition: $d) { ok } }";
let app: Awaited<ReturnType<typeof startTestApp>>;
let listed: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  [app, listed] = await Promise.all([
    startTestApp({}, { ports: createFakePorts() }),
    startTestApp(
      { ALLOWED_ORIGINS: "https://app.example", ALLOWED_HOSTS: "chat.example.com" },
      { ports: createFakePorts() },
    ),
  ]);
  await uploadFlow(app.url, echo);
}, 120_000);
afterAll(() => Promise.all([app?.stop(), listed?.stop()]));
tallyEachTest("security/cross-site", () => app.url);

const versions = async () => app.database.prisma.flowConfig.count();
const hostOf = (url: string) => new URL(url).host;

describe("GraphQL over HTTP takes mutations only as JSON", () => {
  it.each([
    ["form-encoded", "application/x-www-form-urlencoded", `query=${encodeURIComponent(UPLOAD)}`],
    [
      "multipart",
      "multipart/form-data; boundary=x",
      `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"mutation { activateFlowVersion(version: 1) { version } }"}\r\n--x\r\nContent-Disposition: form-data; name="map"\r\n\r\n{}\r\n--x--\r\n`,
    ],
    ["text/plain", "text/plain", JSON.stringify({ query: UPLOAD, variables: { d: echo } })],
    ["no Content-Type", "", JSON.stringify({ query: UPLOAD, variables: { d: echo } })],
  ])("should refuse a %s POST with 415 JSON and run nothing, even without Origin", async (_name, type, body) => {
    const before = await versions();
    const answer = await rawRequest(`${app.url}/graphql`, {
      method: "POST",
      headers: type ? { "content-type": type } : {},
      body,
    });
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.body)).toMatchObject({ errors: [{ extensions: { code: "UNSUPPORTED_MEDIA_TYPE" } }] });
    expect(await versions()).toBe(before);
  });

  it.each(["application/json", "application/json; charset=utf-8", "application/graphql-response+json"])(
    "should run a mutation sent as %s without Origin, as the CLI and curl send it",
    async (type) => {
      const response = await fetch(`${app.url}/graphql`, {
        method: "POST",
        headers: { "content-type": type },
        body: JSON.stringify({ query: 'mutation { startConversation(name: "Cli") { sessionId } }' }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ data: { startConversation: { sessionId: expect.any(String) } } });
    },
  );

  it("should keep GET queries working and refuse a mutation over GET", async () => {
    const query = await fetch(`${app.url}/graphql?query=${encodeURIComponent("{ __typename }")}`);
    expect(await query.json()).toEqual({ data: { __typename: "Query" } });
    const mutation = await fetch(`${app.url}/graphql?query=${encodeURIComponent("mutation { __typename }")}`);
    expect(mutation.status).toBe(405);
  });
});

describe("requests from another origin", () => {
  it.each([
    ["POST /config as text/plain", "/config", "POST", "text/plain", JSON.stringify(echo)],
    ["POST /config as a form", "/config", "POST", "application/x-www-form-urlencoded", "a=b"],
    ["POST /config as JSON", "/config", "POST", "application/json", JSON.stringify(echo)],
    [
      "POST /graphql as JSON",
      "/graphql",
      "POST",
      "application/json",
      JSON.stringify({ query: UPLOAD, variables: { d: echo } }),
    ],
    ["POST /config/versions/1/activate", "/config/versions/1/activate", "POST", "", ""],
  ])("should refuse %s with 403 JSON before it runs", async (_name, path, method, type, body) => {
    const before = await versions();
    const answer = await rawRequest(`${app.url}${path}`, {
      method,
      headers: { origin: EVIL, ...(type ? { "content-type": type } : {}) },
      body,
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ error: "FORBIDDEN" });
    expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
    expect(await versions()).toBe(before);
  });

  it.each([
    "/message/list?customerId=alice",
    "/config",
    "/config/versions",
    `/graphql?query=${encodeURIComponent("{ feedbackSummary { count } feedback { comment } }")}`,
  ])("should refuse GET %s with 403 and no CORS headers", async (path) => {
    const answer = await rawRequest(`${app.url}${path}`, { headers: { origin: EVIL } });
    expect(answer.status).toBe(403);
    expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
    expect(answer.headers["access-control-allow-credentials"]).toBeUndefined();
  });

  it("should refuse a preflight from another origin without any CORS header", async () => {
    const answer = await rawRequest(`${app.url}/graphql`, {
      method: "OPTIONS",
      headers: {
        origin: EVIL,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(answer.status).toBe(403);
    expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
    expect(answer.headers["access-control-allow-credentials"]).toBeUndefined();
  });

  it("should treat another port on the same address, and the opaque origin null, as other origins", async () => {
    for (const origin of [`http://127.0.0.1:${app.port + 1}`, `http://localhost:${app.port}`, "null"]) {
      const answer = await rawRequest(`${app.url}/config`, { headers: { origin } });
      expect(answer.status, origin).toBe(403);
    }
  });

  it("should refuse WebSocket upgrades from another origin on /chat and /graphql", async () => {
    const customers = await app.database.prisma.customer.count();
    for (const path of ["/chat", "/graphql"]) {
      const refused = await tryUpgrade(
        `${app.wsUrl}${path}`,
        { origin: EVIL },
        path === "/graphql" ? "graphql-transport-ws" : undefined,
      );
      expect(refused.status, path).toBe(403);
      if ("body" in refused) expect(JSON.parse(refused.body)).toMatchObject({ error: "FORBIDDEN" });
    }
    expect(await app.database.prisma.customer.count()).toBe(customers);
  });

  it("should serve the server's own origin (GraphiQL) without CORS headers", async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.url },
      body: JSON.stringify({ query: "{ flowConfig { version } }" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const socket = await tryUpgrade(`${app.wsUrl}/chat`, { origin: app.url });
    expect(socket.status).toBe(101);
    if ("socket" in socket) socket.socket.close();
  });

  it("should answer CORS for an ALLOWED_ORIGINS origin only, never with * or credentials", async () => {
    const preflight = await rawRequest(`${listed.url}/graphql`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("https://app.example");
    expect(preflight.headers["access-control-allow-credentials"]).toBeUndefined();
    const get = await rawRequest(`${listed.url}/healthz`, { headers: { origin: "https://app.example" } });
    expect(get.headers["access-control-allow-origin"]).toBe("https://app.example");
    const other = await rawRequest(`${listed.url}/healthz`, { headers: { origin: EVIL } });
    expect(other.status).toBe(403);
  });
});

describe("the Host header (DNS rebinding)", () => {
  it.each(["evil.example", `evil.example:${1}`, "127.0.0.1.evil.example", "localhost.evil.example", "a b"])(
    "should refuse Host %s with 400 JSON on REST and GraphQL",
    async (host) => {
      const before = await versions();
      for (const [path, method, body] of [
        ["/healthz", "GET", undefined],
        ["/config", "GET", undefined],
        ["/graphql", "POST", JSON.stringify({ query: UPLOAD, variables: { d: echo } })],
      ] as const) {
        const answer = await rawRequest(`${app.url}${path}`, {
          method,
          headers: { host, "content-type": "application/json" },
          ...(body ? { body } : {}),
        });
        expect(answer.status, `${method} ${path}`).toBe(400);
        expect(JSON.parse(answer.body)).toMatchObject({ error: "BAD_REQUEST" });
      }
      expect(await versions()).toBe(before);
    },
  );

  it("should refuse a rebound name even when its Origin matches it", async () => {
    const host = `evil.example:${app.port}`;
    const answer = await rawRequest(`${app.url}/config`, { headers: { host, origin: `http://${host}` } });
    expect(answer.status).toBe(400);
  });

  it("should refuse WebSocket upgrades with a foreign Host on /chat and /graphql", async () => {
    for (const path of ["/chat", "/graphql"]) {
      const refused = await tryUpgrade(`${app.wsUrl}${path}`, { host: `evil.example:${app.port}` });
      expect(refused.status, path).toBe(400);
      if ("body" in refused) expect(JSON.parse(refused.body)).toMatchObject({ error: "BAD_REQUEST" });
    }
  });

  it("should serve localhost, IP addresses, HOST and ALLOWED_HOSTS names", async () => {
    for (const host of [
      `localhost:${app.port}`,
      hostOf(app.url),
      `10.1.2.3:${app.port}`,
      `[::1]:${app.port}`,
      "LOCALHOST",
    ]) {
      expect((await rawRequest(`${app.url}/healthz`, { headers: { host } })).status, host).toBe(200);
    }
    expect((await rawRequest(`${listed.url}/healthz`, { headers: { host: "chat.example.com" } })).status).toBe(200);
    expect((await rawRequest(`${app.url}/healthz`, { headers: { host: "chat.example.com" } })).status).toBe(400);
  });
});
