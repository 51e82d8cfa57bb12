import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectCustomer, lastFrame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { wsGraphql } from "../utils/graphql-clients.ts";
import { tallyEachTest } from "../utils/hardening-counts.ts";
import { closed, tryUpgrade } from "../utils/raw-upgrade.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

type TestApp = Awaited<ReturnType<typeof startTestApp>>;

// One question, then the conversation ends: every further message opens a new session.
const once = {
  schemaVersion: 1,
  name: "Once",
  start: "ask",
  blocks: [
    { id: "ask", type: "message", text: "Say one thing.", next: "listen" },
    { id: "listen", type: "wait", saveAs: "said", next: "bye" },
    { id: "bye", type: "end", text: "Bye." },
  ],
};

// The limits' clock stands still unless a test moves it: counts are exact, and refills are
// shown by moving it, never by waiting.
let now = 0;
let limited: TestApp;
let unlimited: TestApp;

beforeAll(async () => {
  const clock = () => now;
  [limited, unlimited] = await Promise.all([
    startTestApp(
      {
        NEW_CUSTOMERS_PER_SECOND: "1",
        NEW_CUSTOMER_BURST: "2",
        NEW_SESSIONS_PER_SECOND: "1",
        NEW_SESSION_BURST: "3",
        TRUST_PROXY: "1",
      },
      { ports: createFakePorts(), limitClock: clock },
    ),
    startTestApp(
      { NEW_CUSTOMERS_PER_SECOND: "0", NEW_CUSTOMER_BURST: "1", NEW_SESSIONS_PER_SECOND: "0", NEW_SESSION_BURST: "1" },
      { ports: createFakePorts(), limitClock: clock },
    ),
  ]);
  await Promise.all([uploadFlow(limited.url, once), uploadFlow(unlimited.url, once)]);
  // Two servers starting on a machine shared with other test runs can take a while.
}, 120_000);
afterAll(async () => {
  await Promise.all([limited.stop(), unlimited.stop()]);
});
tallyEachTest("security/creation-limits", () => limited.url);

// Each test is its own client address (behind the trusted proxy), so its buckets start full.
let lastOctet = 0;
const newAddress = () => `203.0.113.${++lastOctet}`;
const via = (address: string) => ({ "x-forwarded-for": address });

async function chat(address: string, query: Record<string, string | undefined> = {}, app = limited) {
  const { client, session, frames } = await connectCustomer(app.wsUrl, query, via(address));
  return { client, session, opening: frames };
}

async function refusedChat(address: string, query: Record<string, string> = {}) {
  const outcome = await tryUpgrade(`${limited.wsUrl}/chat?${new URLSearchParams(query)}`, via(address));
  if (!("body" in outcome)) {
    outcome.socket.close();
    throw new Error("the upgrade was accepted");
  }
  return {
    status: outcome.status,
    body: JSON.parse(outcome.body) as unknown,
    retryAfter: outcome.headers["retry-after"],
  };
}

interface GraphqlAnswer {
  data?: Record<string, { customerId: string; customerToken: string; sessionId: string }> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

async function graphql(address: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  return (await graphqlResponse(address, query, variables, token)).answer;
}

async function graphqlResponse(
  address: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
) {
  const response = await fetch(`${limited.url}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...via(address),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { answer: (await response.json()) as GraphqlAnswer, retryAfter: response.headers.get("retry-after") };
}

const START = "mutation { startConversation { sessionId customerId customerToken } }";
const SEND = "mutation($s: ID!, $t: String!) { sendMessage(sessionId: $s, text: $t) { text sessionId } }";

const counts = async (app = limited) => ({
  customers: await app.database.prisma.customer.count(),
  sessions: await app.database.prisma.session.count(),
  messages: await app.database.prisma.message.count(),
});

const RATE_LIMITED = { error: "RATE_LIMITED", message: expect.stringContaining("too many new conversations") };

describe("creating customers per client address", () => {
  it("should refuse a /chat upgrade with 429 RATE_LIMITED past the burst, before creating anything", async () => {
    const address = newAddress();
    for (let i = 0; i < 2; i++) (await chat(address)).client.close();
    const before = await counts();
    // One new session per second: the next one in a second, as Retry-After says.
    expect(await refusedChat(address)).toEqual({ status: 429, body: RATE_LIMITED, retryAfter: "1" });
    expect(await refusedChat(address, { customerId: "someone-new" })).toEqual({
      status: 429,
      body: RATE_LIMITED,
      retryAfter: "1",
    });
    expect(await counts()).toEqual(before);
    // Another address has buckets of its own.
    (await chat(newAddress())).client.close();
  });

  it("should admit the address again once its bucket refills", async () => {
    const address = newAddress();
    for (let i = 0; i < 2; i++) (await chat(address)).client.close();
    expect((await refusedChat(address)).status).toBe(429);
    now += 1000;
    const { client, session } = await chat(address);
    expect(session.resumed).toBe(false);
    client.close();
  });

  it("should refuse startConversation with RATE_LIMITED past the burst, counting /chat and GraphQL together", async () => {
    const address = newAddress();
    (await chat(address)).client.close();
    expect((await graphql(address, START)).data?.["startConversation"]?.customerToken).toEqual(expect.any(String));
    const before = await counts();
    const { answer: refused, retryAfter } = await graphqlResponse(address, START);
    expect(retryAfter).toBe("1");
    expect(refused.data).toBeNull();
    expect(refused.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: "RATE_LIMITED" }) }),
    ]);
    expect((await refusedChat(address)).status).toBe(429);
    expect(await counts()).toEqual(before);
  });

  it("should count startConversation over graphql-ws against the socket's address", async () => {
    // No forwarded header: the peer address, 127.0.0.1, which no other test here uses.
    const client = wsGraphql(limited.wsUrl);
    const start = () => client.iterate<{ startConversation: { customerId: string } }>({ query: START }).next();
    try {
      for (let i = 0; i < 2; i++)
        expect((await start()).value?.data?.startConversation.customerId).toEqual(expect.any(String));
      const refused = await start();
      expect(refused.value?.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: "RATE_LIMITED" }) }),
      ]);
    } finally {
      await client.dispose();
    }
    const outcome = await tryUpgrade(`${limited.wsUrl}/chat`);
    expect(outcome.status).toBe(429);
  });

  it("should not limit creation when the rates are 0", async () => {
    const before = await counts(unlimited);
    for (let i = 0; i < 5; i++) (await chat("127.0.0.1", {}, unlimited)).client.close();
    expect((await counts(unlimited)).customers).toBe(before.customers + 5);
  });
});

describe("creating sessions per client address", () => {
  it("should charge a returning customer for a new session, never for resuming its active one", async () => {
    const address = newAddress();
    const first = await chat(address);
    const { customerId, customerToken } = first.session;
    const again = { customerId, token: customerToken };
    // Sessions 1 (with the customer), 2 and 3: each ends after one message.
    expect(lastFrame(await first.client.say("one"))?.type).toBe("ended");
    first.client.close();
    for (let i = 0; i < 2; i++) {
      const next = await chat(address, again);
      expect(next.session.resumed).toBe(false);
      // Resuming the waiting session costs nothing, however often.
      for (let j = 0; j < 3; j++) {
        next.client.close();
        await closed(next.client.socket);
        const resumed = await chat(address, again);
        expect(resumed.session).toMatchObject({ resumed: true, sessionId: next.session.sessionId });
        next.client = resumed.client;
      }
      expect(lastFrame(await next.client.say("done"))?.type).toBe("ended");
      next.client.close();
    }
    const before = await counts();
    expect(await refusedChat(address, again)).toEqual({ status: 429, body: RATE_LIMITED, retryAfter: "1" });
    expect(await counts()).toEqual(before);
  });

  it("should answer a message that would open a session after `ended` with a RATE_LIMITED frame, storing nothing", async () => {
    const address = newAddress();
    const { client } = await chat(address);
    expect(lastFrame(await client.say("one"))?.type).toBe("ended");
    for (let i = 0; i < 2; i++) {
      expect((await client.say("again")).map((frame) => frame.type)).toEqual([
        "session",
        "message",
        "message",
        "waiting",
      ]);
      expect(lastFrame(await client.say("done"))?.type).toBe("ended");
    }
    const before = await counts();
    expect(await client.say("once more")).toEqual([
      { type: "error", code: "RATE_LIMITED", message: expect.stringContaining("too many new conversations") },
    ]);
    expect(await counts()).toEqual(before);
    expect(client.closed).toBe(false);
    now += 1000;
    expect((await client.say("later"))[0]).toMatchObject({ type: "session", resumed: false });
    client.close();
  });

  it("should answer sendMessage that would open a session after `ended` with RATE_LIMITED, storing nothing", async () => {
    const address = newAddress();
    const started = (await graphql(address, START)).data!["startConversation"]!;
    const send = (text: string) => graphql(address, SEND, { s: started.sessionId, t: text }, started.customerToken);
    let sessionId = started.sessionId;
    const sendIn = async (text: string) => {
      const answer = await graphql(address, SEND, { s: sessionId, t: text }, started.customerToken);
      const messages = answer.data?.["sendMessage"] as unknown as Array<{ sessionId: string }> | undefined;
      sessionId = messages?.[0]?.sessionId ?? sessionId;
      return answer;
    };
    expect((await send("one")).errors).toBeUndefined();
    for (let i = 0; i < 2; i++) {
      expect((await sendIn("again")).errors).toBeUndefined();
      expect((await sendIn("done")).errors).toBeUndefined();
    }
    const before = await counts();
    const refused = await sendIn("once more");
    expect(refused.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: "RATE_LIMITED" }) }),
    ]);
    expect(await counts()).toEqual(before);
  });
});
