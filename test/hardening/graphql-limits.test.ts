import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakePorts } from "../utils/fake-ports.ts";
import { collect, eventually, httpGraphql, listening, wsGraphql } from "../utils/graphql-clients.ts";
import { closed, tryUpgrade } from "../utils/raw-upgrade.ts";
import { tallyEachTest } from "../utils/hardening-counts.ts";
import { HANG_MS } from "../utils/patience.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

const echo = JSON.parse(fs.readFileSync("test/fixtures/echo.json", "utf8")) as unknown;
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  app = await startTestApp(
    {
      GRAPHQL_WS_MAX_SUBSCRIPTIONS: "3",
      // Its clients send connection_init at once; however busy the machine, they never meet this.
      GRAPHQL_WS_INIT_TIMEOUT_MS: String(HANG_MS),
      GRAPHQL_MESSAGES_PER_SECOND: "0.001",
      GRAPHQL_MESSAGE_BURST: "2",
    },
    { ports: createFakePorts() },
  );
  await uploadFlow(app.url, echo);
});
afterAll(() => app.stop());
tallyEachTest("graphql/armor-and-socket-limits", () => app.url);

// Nested fields the schema does not have still count: depth is checked before anything runs.
const tooDeep = '{ session(id: "x") { steps { a { b { c { d { e { f { g { h } } } } } } } } } }';
const tooManyAliases = `{ flowConfig { ${Array.from({ length: 16 }, (_, i) => `a${i}: version`).join(" ")} } }`;
const tooManyTokens = `{ flowConfig { ${"version ".repeat(2100)}} }`;
const refusals: [string, string, RegExp][] = [
  ["a query nested too deeply", tooDeep, /depth limit of 8/i],
  ["a query with too many aliases", tooManyAliases, /aliases limit of 15/i],
  ["a query with too many tokens", tooManyTokens, /token limit of 2000/i],
];

async function startConversation(name: string) {
  const result = await httpGraphql(app.url).request<{
    startConversation: { sessionId: string; customerToken: string };
  }>("mutation($n: String) { startConversation(name: $n) { sessionId customerToken } }", { n: name });
  return result.startConversation;
}

const SEND = "mutation($s: ID!, $t: String!) { sendMessage(sessionId: $s, text: $t) { text } }";

describe("GraphQL Armor", () => {
  it.each(refusals)("should refuse %s over HTTP without running it", async (_name, query, message) => {
    const response = await fetch(`${app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data?: unknown; errors: { message: string }[] };
    expect(body.data ?? null).toBeNull();
    expect(body.errors.map((e) => e.message).join(" ")).toMatch(message);
  });

  it.each(refusals)("should refuse %s over graphql-ws and keep the socket", async (_name, query, message) => {
    const client = wsGraphql(app.wsUrl);
    const refused = await new Promise<unknown>((resolve) => {
      client.subscribe({ query }, { next: resolve, error: resolve, complete: () => resolve("complete") });
    });
    expect(JSON.stringify(refused)).toMatch(message);
    const fine = await new Promise<unknown>((resolve, reject) => {
      client.subscribe({ query: "{ __typename }" }, { next: resolve, error: reject, complete: () => {} });
    });
    expect(fine).toEqual({ data: { __typename: "Query" } });
    await client.dispose();
  });
});

describe("GraphQL over HTTP", () => {
  it("should refuse a body over 1 MiB with 413, as REST does", async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(1024 * 1024) } }),
    });
    expect(response.status).toBe(413);
    expect(JSON.stringify(await response.json())).toContain("REQUEST_ENTITY_TOO_LARGE");
  });
});

describe("graphql-ws connections", () => {
  it("should refuse the subscription past the cap of one connection with RATE_LIMITED and keep the others", async () => {
    const { sessionId } = await startConversation("Sub");
    const client = wsGraphql(app.wsUrl);
    const query = "subscription($s: ID!) { conversation(sessionId: $s) { text } }";
    const subscriptions = Array.from({ length: 3 }, () =>
      collect<{ conversation: { text: string } }>(client, query, { s: sessionId }),
    );
    const fourth = collect(client, query, { s: sessionId });
    await eventually(() => expect(JSON.stringify(fourth.errors)).toContain("RATE_LIMITED"));
    await eventually(async () => expect(await listening(app.metrics, "conversation")).toBe(3));
    await httpGraphql(app.url).request(SEND, { s: sessionId, t: "hello" });
    await eventually(() => {
      for (const subscription of subscriptions)
        expect(subscription.values.map((v) => v.conversation.text)).toEqual(["hello", "You said: hello"]);
    });
    subscriptions[0]!.dispose();
    await eventually(async () => expect(await listening(app.metrics, "conversation")).toBe(2));
    const replacement = collect<{ conversation: { text: string } }>(client, query, { s: sessionId });
    await eventually(async () => expect(await listening(app.metrics, "conversation")).toBe(3));
    expect(replacement.errors).toEqual([]);
    await client.dispose();
  });
});

describe("graphql-ws connection_init time-out", () => {
  const INIT_TIMEOUT_MS = 100;
  let quick: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    quick = await startTestApp({ GRAPHQL_WS_INIT_TIMEOUT_MS: String(INIT_TIMEOUT_MS) }, { ports: createFakePorts() });
  });
  afterAll(() => quick.stop());

  it("should close a client that never sends connection_init with 4408 once the configured time-out has passed", async () => {
    const started = performance.now();
    const outcome = await tryUpgrade(`${quick.wsUrl}/graphql`, {}, "graphql-transport-ws");
    if (!("socket" in outcome)) throw new Error(`refused with ${outcome.status}`);
    // The close is the event waited for; a busy machine may only delay it, never hasten it.
    expect(await closed(outcome.socket)).toBe(4408);
    expect(performance.now() - started).toBeGreaterThanOrEqual(INIT_TIMEOUT_MS - 1);
  });
});

describe("sendMessage rate limit", () => {
  it("should refuse a customer's messages past the limit with RATE_LIMITED, over HTTP and graphql-ws, and store nothing", async () => {
    const { sessionId, customerToken } = await startConversation("Busy");
    const asCustomer = httpGraphql(app.url, customerToken);
    for (const text of ["one", "two"]) await asCustomer.request(SEND, { s: sessionId, t: text });
    const refused = await asCustomer.request(SEND, { s: sessionId, t: "three" }).catch((e: unknown) => e);
    expect(JSON.stringify(refused)).toContain("RATE_LIMITED");
    const socket = wsGraphql(app.wsUrl, customerToken);
    const overSocket = await new Promise<unknown>((resolve) => {
      socket.subscribe(
        { query: SEND, variables: { s: sessionId, t: "four" } },
        { next: resolve, error: resolve, complete: () => {} },
      );
    });
    expect(JSON.stringify(overSocket)).toContain("RATE_LIMITED");
    await socket.dispose();
    const stored = await app.database.prisma.message.findMany({ where: { sessionId, sender: "CUSTOMER" } });
    expect(stored.map((m) => m.text).sort()).toEqual(["one", "two"]);
    const other = await startConversation("Calm");
    await expect(
      httpGraphql(app.url, other.customerToken).request(SEND, { s: other.sessionId, t: "hi" }),
    ).resolves.toBeDefined();
  });
});
