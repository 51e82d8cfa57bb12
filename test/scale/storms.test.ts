import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectCustomer, lastFrame } from "../utils/chat-client.ts";
import { buildFlow } from "../utils/flows.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { tryUpgrade } from "../utils/raw-upgrade.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

type TestApp = Awaited<ReturnType<typeof startTestApp>>;

// Two waits: a customer resumed at the second must not be put back at the first.
const twoWaits = buildFlow([
  { id: "hello", type: "message", text: "Hello.", next: "first" },
  { id: "first", type: "wait", saveAs: "one", next: "more" },
  { id: "more", type: "message", text: "And?", next: "second" },
  { id: "second", type: "wait", saveAs: "two", next: "thanks" },
  { id: "thanks", type: "message", text: "Thanks.", next: "first" },
]);

/** Customers in the storm; each has its own address, as real customers do. */
const STORM = 200;

// The limits of the hostile-clients work, on: per address, two connections at once, two new
// customers and three new sessions (the clock stands still, so nothing refills).
const LIMITS = {
  TRUST_PROXY: "1",
  MAX_CONNECTIONS_PER_IP: "2",
  NEW_CUSTOMERS_PER_SECOND: "1",
  NEW_CUSTOMER_BURST: "2",
  NEW_SESSIONS_PER_SECOND: "1",
  NEW_SESSION_BURST: "3",
};

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chatflow-storm-"));
const start = () =>
  startTestApp({ ...LIMITS, DATABASE_URL: `file:${dataDir}` }, { ports: createFakePorts(), limitClock: () => 0 });
const via = (address: string) => ({ "x-forwarded-for": address });
const customerAddress = (i: number) => `198.51.${Math.floor(i / 250)}.${(i % 250) + 1}`;

interface Returning {
  address: string;
  customerId: string;
  token: string;
  sessionId: string;
  blockId: string;
}

let app: TestApp;
const returning: Returning[] = [];
let sessionsBefore = 0;

async function connect(address: string, query: Record<string, string> = {}) {
  const { client, session, frames } = await connectCustomer(app.wsUrl, query, via(address));
  return { client, session, end: lastFrame(frames)! };
}

beforeAll(async () => {
  app = await start();
  await uploadFlow(app.url, twoWaits);
  // Customers with sessions to come back to: the odd ones a message further, at `second`.
  for (let first = 0; first < STORM; first += 50) {
    const batch = await Promise.all(
      Array.from({ length: 50 }, async (_, k) => {
        const i = first + k;
        const address = customerAddress(i);
        const { client, session, end } = await connect(address);
        const blockId = i % 2 ? lastFrame(await client.say(`hello from ${i}`))!.blockId : end.blockId;
        client.close();
        await client.whenClosed;
        const { customerId, customerToken: token, sessionId } = session;
        return { address, customerId, token, sessionId, blockId: blockId as string };
      }),
    );
    returning.push(...batch);
  }
  // A restart (a deploy): the sessions are only in the database now.
  await app.stop();
  app = await start();
  sessionsBefore = await app.database.prisma.session.count();
}, 300_000);
afterAll(async () => {
  await app?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("a reconnect storm after a restart", () => {
  it("should resume every customer's own session, answer a talking customer throughout, and still refuse strangers past the limits", async () => {
    const talker = await connect("192.0.2.1");
    let stormOver = false;
    // The talker talks until every stormer is in (three lines at least): each turn must be answered.
    const talking = (async () => {
      const ends: unknown[] = [];
      while (!stormOver || ends.length < 3)
        ends.push(lastFrame(await talker.client.say(`line ${ends.length}`))!.blockId);
      return ends;
    })();

    const storm = returning.map(async (customer) => {
      const query = { customerId: customer.customerId, token: customer.token };
      const { client, session, end } = await connect(customer.address, query);
      return { customer, client, session, end };
    });
    const stormed = Promise.all(storm).finally(() => (stormOver = true));

    // Meanwhile a stranger holds two connections from one address: the third is refused…
    const strangerAddress = "203.0.113.7";
    const held = await Promise.all([connect(strangerAddress), connect(strangerAddress)]);
    const third = await tryUpgrade(`${app.wsUrl}/chat`, via(strangerAddress));
    // …and another, creating customers one after the other, is refused past its burst of two.
    const creatorAddress = "203.0.113.8";
    for (let n = 0; n < 2; n++) {
      const { client } = await connect(creatorAddress);
      client.close();
      await client.whenClosed;
    }
    const tooMany = await tryUpgrade(`${app.wsUrl}/chat`, via(creatorAddress));

    const resumed = await stormed;
    const answered = await talking;
    expect(answered).toEqual(answered.map((_, n) => (n % 2 ? "first" : "second")));
    expect(third.status).toBe(429);
    expect(tooMany.status).toBe(429);
    if ("socket" in third) third.socket.close();
    if ("socket" in tooMany) tooMany.socket.close();

    for (const { customer, session, end } of resumed) {
      expect(session).toMatchObject({ customerId: customer.customerId, sessionId: customer.sessionId, resumed: true });
      expect(end).toMatchObject({ type: "waiting", sessionId: customer.sessionId, blockId: customer.blockId });
    }
    // No session was created for a returning customer: only the talker's, the stranger's two and the creator's two.
    expect(await app.database.prisma.session.count()).toBe(sessionsBefore + 5);

    // Nothing was lost: each customer goes on from where it was, in the session it had.
    const next = await Promise.all(
      resumed.map(async ({ customer, client }) => ({ customer, frames: await client.say("back again") })),
    );
    for (const { customer, frames } of next) {
      const receipt = frames.find((frame) => frame.type === "message" && frame.sender === "customer");
      expect(receipt).toMatchObject({ sessionId: customer.sessionId, text: "back again" });
      expect(lastFrame(frames)).toMatchObject({ blockId: customer.blockId === "first" ? "second" : "first" });
    }
    for (const { client } of [...resumed, ...held, talker]) client.close();
  }, 300_000);
});
