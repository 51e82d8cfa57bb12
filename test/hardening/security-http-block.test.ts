import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../../src/app.ts";
import type { ResolveHost } from "../../src/integrations/http/guarded-lookup.ts";
import { botTexts, ChatClient } from "../utils/chat-client.ts";
import { startFakeBusinessApi, type FakeBusinessApi } from "../utils/fake-business-api.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { httpGraphql } from "../utils/graphql-clients.ts";
import { tallyEachTest } from "../utils/hardening-counts.ts";
import { startTestApp, testConfig, uploadFlow } from "../utils/start-test-app.ts";

const SECRET = "s3cr3t-Token-9f2c41";
const logLines: string[] = [];
let api: FakeBusinessApi;
let app: App;
/** `rebind.shop.test` resolves to a public address first, then to the loopback one (DNS rebinding). */
let rebindAnswers: string[] = [];

const resolveHttpHost: ResolveHost = async (hostname) => {
  if (hostname === "rebind.shop.test") return [{ address: rebindAnswers.shift() ?? "127.0.0.1", family: 4 }];
  if (hostname === "internal.shop.test") return [{ address: "127.0.0.1", family: 4 }];
  throw Object.assign(new Error(`no such host ${hostname}`), { code: "ENOTFOUND" });
};

/** One http block per route the customer names; the answer (or the failure) is said back. */
function flow(base: string, blocks: Record<string, unknown>[]) {
  return {
    schemaVersion: 1,
    name: "Secrets",
    start: "ask",
    blocks: [
      { id: "ask", type: "wait", saveAs: "kind", next: "route" },
      {
        id: "route",
        type: "condition",
        branches: blocks.map((block) => ({
          if: { var: "kind", op: "matches", value: `^${String(block["id"])}\\b` },
          next: block["id"],
        })),
        else: "sorry",
      },
      ...blocks.map((block) => ({ type: "http", next: "tell", onError: "sorry", timeoutMs: 30000, ...block })),
      { id: "tell", type: "message", text: "{{answer.authorization}} {{answer.query}} {{answer.body}}", next: "ask" },
      { id: "sorry", type: "message", text: "Sorry, that did not work.", next: "ask" },
    ],
  };
}

const secretBlocks = (base: string, port: number) => [
  {
    id: "echo",
    method: "POST",
    url: `${base}/echo/{{secret.SHOP_TOKEN}}?key={{secret.SHOP_TOKEN}}`,
    headers: { authorization: "Bearer {{secret.SHOP_TOKEN}}" },
    body: { token: "{{secret.SHOP_TOKEN}}", who: "{{customer.id}}" },
    saveAs: "answer",
    extract: { auth: "/authorization" },
  },
  { id: "fail", url: `${base}/fail/{{secret.SHOP_TOKEN}}`, headers: { authorization: "{{secret.SHOP_TOKEN}}" } },
  { id: "unset", url: `${base}/echo/1`, headers: { authorization: "{{secret.NOT_SET}}" } },
  // Resolved by the injected resolver: DNS does not run in tests.
  { id: "rebind", url: `http://rebind.shop.test:${port}/orders/1`, timeoutMs: 1000, saveAs: "answer" },
  { id: "internal", url: `http://internal.shop.test:${port}/orders/2`, saveAs: "answer" },
  { id: "inject", url: `${base}/echo/2`, headers: { "x-note": "{{kind}}" }, saveAs: "answer" },
  { id: "deep", url: `${base}/deep/1`, saveAs: "answer" },
  { id: "nul", url: `${base}/nul/1`, saveAs: "answer" },
];

async function steps(sessionId: string): Promise<{ blockId: string; kind: string; data: Record<string, unknown> }[]> {
  const answer = await httpGraphql(app.url).request<{
    session: { steps: { blockId: string; kind: string; data: Record<string, unknown> }[] };
  }>("query($s: ID!) { session(id: $s) { steps { blockId kind data } } }", { s: sessionId });
  return answer.session.steps;
}

async function conversation(url = app.url): Promise<{ client: ChatClient; sessionId: string; customerId: string }> {
  const client = await ChatClient.open(url.replace(/^http/, "ws"));
  const [session] = await client.turn();
  return { client, sessionId: String(session?.["sessionId"]), customerId: String(session?.["customerId"]) };
}

beforeAll(async () => {
  api = await startFakeBusinessApi();
  const hosts = `${api.host},rebind.shop.test:${api.port},internal.shop.test:${api.port}`;
  const config = testConfig({ HTTP_BLOCK_ALLOWED_HOSTS: hosts, FLOW_SECRET_SHOP_TOKEN: SECRET, LOG_LEVEL: "trace" });
  const logger = pino({ level: "trace" }, { write: (line: string) => logLines.push(line) });
  app = await startApp(config, logger, { ports: createFakePorts(), resolveHttpHost });
  await uploadFlow(app.url, flow(api.url, secretBlocks(api.url, api.port)));
});

afterAll(async () => {
  await app?.stop();
  await api?.close();
});

tallyEachTest("security/http-block", () => app.url);

describe("http block secrets", () => {
  it("should send the secret but keep it out of steps, logs, errors, GET /config, history and saved variables", async () => {
    const { client, sessionId, customerId } = await conversation();
    const said = botTexts(await client.say("echo"));
    const sent = api.requests.find((request) => request.url.startsWith("/echo/"));
    expect(sent?.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(sent?.url).toBe(`/echo/${SECRET}?key=${SECRET}`);
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({ token: SECRET, who: customerId });
    expect(said[0]).toContain("Bearer [redacted]");
    expect(botTexts(await client.say("fail"))).toEqual(["Sorry, that did not work."]);
    expect(botTexts(await client.say("unset"))).toEqual(["Sorry, that did not work."]);

    const recorded = await steps(sessionId);
    expect(recorded.filter((step) => step.kind === "http").map((step) => step.data)).toEqual([
      expect.objectContaining({ method: "POST", path: "/echo/{{secret.SHOP_TOKEN}}", status: "ok" }),
      expect.objectContaining({ path: "/fail/{{secret.SHOP_TOKEN}}", reason: "status", httpStatus: 503 }),
      expect.objectContaining({ reason: "missing_secret" }),
    ]);
    const state = await app.database.prisma.session.findUnique({ where: { id: sessionId } });
    const history = await (await fetch(`${app.url}/message/list?customerId=${customerId}`)).text();
    const config = await (await fetch(`${app.url}/config`)).text();
    expect(JSON.stringify(state?.state)).toContain("[redacted]");
    expect(logLines.join("\n")).toContain("http block call failed");
    for (const text of [JSON.stringify(recorded), JSON.stringify(state), history, config, logLines.join("\n")]) {
      expect(text).not.toContain(SECRET);
    }
    client.close();
  });
});

describe("http block against hostile input", () => {
  it("should not let a customer's line break add a header", async () => {
    const { client, sessionId } = await conversation();
    const before = api.requests.length;
    expect(botTexts(await client.say("inject\r\nx-evil: 1"))).toEqual(["Sorry, that did not work."]);
    expect(api.requests.length).toBe(before);
    const calls = (await steps(sessionId)).filter((step) => step.kind === "http");
    expect(calls.at(-1)?.data).toMatchObject({ reason: "invalid_request" });
    client.close();
  });

  it("should refuse an answer nested too deeply to store, and store one holding NUL and lone surrogates", async () => {
    const { client, sessionId } = await conversation();
    expect(botTexts(await client.say("deep"))).toEqual(["Sorry, that did not work."]);
    await client.say("nul");
    const calls = (await steps(sessionId)).filter((step) => step.kind === "http");
    expect(calls.map((call) => call.data)).toEqual([
      expect.objectContaining({ reason: "too_large", httpStatus: 200 }),
      expect.objectContaining({ status: "ok" }),
    ]);
    const state = await app.database.prisma.session.findUnique({ where: { id: sessionId } });
    expect((state?.state as { vars: Record<string, unknown> }).vars["answer"]).toEqual({
      "a\uFFFDb": "x\uFFFDy \uFFFD",
    });
    client.close();
  });
});

describe("http block hosts", () => {
  it("should refuse an upload naming a host that is not allowed, naming the block and the host", async () => {
    const response = await fetch(`${app.url}/config`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(flow(api.url, [{ id: "evil", url: "https://169.254.169.254/latest/meta-data" }])),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: string;
      errors: { path: string; code: string; message: string }[];
    };
    expect(body.error).toBe("INVALID_FLOW");
    expect(body.errors).toEqual([
      {
        path: "/blocks/2/url",
        code: "HOST_NOT_ALLOWED",
        message: 'Block "evil": host "169.254.169.254" is not in HTTP_BLOCK_ALLOWED_HOSTS.',
      },
    ]);
  });

  it("should refuse the same host on a port the list does not name", async () => {
    const other = api.url.replace(`:${api.port}`, `:${api.port === 1 ? 2 : api.port - 1}`);
    const response = await fetch(`${app.url}/config`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(flow(other, [{ id: "other", url: `${other}/orders/1` }])),
    });
    expect(((await response.json()) as { errors: { code: string }[] }).errors.map((e) => e.code)).toEqual([
      "HOST_NOT_ALLOWED",
    ]);
  });

  it("should refuse a host name that resolved to a public address and then to a loopback one", async () => {
    rebindAnswers = ["203.0.113.7", "127.0.0.1"];
    const { client, sessionId } = await conversation();
    // The public address is not reachable here: the first call fails, but the class is remembered.
    await client.say("rebind");
    const before = api.requests.length;
    expect(botTexts(await client.say("rebind"))).toEqual(["Sorry, that did not work."]);
    expect(api.requests.length).toBe(before);
    const calls = (await steps(sessionId)).filter((step) => step.kind === "http");
    expect(calls.at(-1)?.data).toMatchObject({ host: `rebind.shop.test:${api.port}`, reason: "host_not_allowed" });
    client.close();
  });

  it("should call a listed host name that resolved to a private address from the start", async () => {
    const { client, sessionId } = await conversation();
    await client.say("internal");
    expect(api.requests.at(-1)?.url).toBe("/orders/2");
    const calls = (await steps(sessionId)).filter((step) => step.kind === "http");
    expect(calls.at(-1)?.data).toMatchObject({ host: `internal.shop.test:${api.port}`, status: "ok" });
    client.close();
  });

  it("should refuse at call time a host removed from the list after the upload", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chatflow-http-hosts-"));
    const first = await startTestApp(
      { DATABASE_URL: `file:${dataDir}`, HTTP_BLOCK_ALLOWED_HOSTS: api.host },
      { ports: createFakePorts() },
    );
    await uploadFlow(first.url, flow(api.url, [{ id: "orders", url: `${api.url}/orders/3` }]));
    await first.stop();
    const second = await startTestApp({ DATABASE_URL: `file:${dataDir}` }, { ports: createFakePorts() });
    try {
      const { client } = await conversation(second.url);
      const before = api.requests.length;
      expect(botTexts(await client.say("orders"))).toEqual(["Sorry, that did not work."]);
      expect(api.requests.length).toBe(before);
      const steps = await second.database.prisma.step.findMany({ orderBy: { seq: "asc" } });
      expect(steps.find((step) => step.kind === "http")?.data).toMatchObject({ reason: "host_not_allowed" });
      client.close();
    } finally {
      await second.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
