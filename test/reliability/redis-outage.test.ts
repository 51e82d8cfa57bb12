import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botTexts, ChatClient, type Frame } from "../utils/chat-client.ts";
import { ECHO_FLOW, missingFromDatabase } from "../utils/chat-load.ts";
import { startFaultProxy, targetOf, type FaultProxy } from "../utils/fault-proxy.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { collect, eventually, wsGraphql } from "../utils/graphql-clients.ts";
import { recordCounts, watchProcessFaults } from "../utils/reliability-counts.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";
import { createPostgresDatabase, POSTGRES_SKIP_REASON, TEST_DATABASE_URL } from "../utils/test-database.ts";
import { REDIS_SKIP_REASON, TEST_REDIS_URL } from "../utils/test-redis.ts";
import { skipNote } from "../utils/skip-note.ts";

const ready = Boolean(TEST_DATABASE_URL && TEST_REDIS_URL);
if (!TEST_DATABASE_URL) console.warn(`[chatflow tests] ${POSTGRES_SKIP_REASON} (Redis outage tests)`);
if (!TEST_REDIS_URL) console.warn(`[chatflow tests] ${REDIS_SKIP_REASON} (Redis outage tests)`);

type App = Awaited<ReturnType<typeof startTestApp>>;
type Session = Frame & { sessionId: string; customerId: string; customerToken: string };
const CONVERSATION = "subscription($s: ID!) { conversation(sessionId: $s) { id text } }";
let a: App;
let b: App;
let proxies: FaultProxy[] = [];
let drop: () => Promise<void> = async () => {};
const faults = watchProcessFaults();
const tally = { tried: 0, missing: 0, turnsWhileDown: 0, failedWhileDown: 0, lostLive: 0, reconnectMs: 0 };

beforeAll(async () => {
  if (!ready) return;
  const database = await createPostgresDatabase();
  drop = () => database.drop();
  // One proxy per instance: each instance's Redis connections can be cut.
  proxies = await Promise.all([0, 1].map(() => startFaultProxy(targetOf(TEST_REDIS_URL!, 6379))));
  const prefix = `chatflow-test-${process.pid}-${Date.now()}`;
  const env = (proxy: FaultProxy) => ({
    DATABASE_URL: database.url,
    REDIS_URL: proxy.url(TEST_REDIS_URL!),
    REDIS_PREFIX: prefix,
  });
  const [first, second] = proxies.map((proxy) => startTestApp(env(proxy), { ports: createFakePorts() }));
  [a, b] = await Promise.all([first!, second!]);
  await uploadFlow(a.url, ECHO_FLOW);
});
afterAll(async () => {
  faults.stop();
  if (!ready) return;
  await Promise.all([a.stop(), b.stop()]);
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await drop();
  await recordCounts("Redis outages", {
    tried: tally.tried,
    crashes: faults.uncaught,
    unhandledRejections: faults.unhandledRejections,
    acknowledgedMissing: tally.missing,
    details: {
      turnsWhileDown: tally.turnsWhileDown,
      turnsFailedWhileDown: tally.failedWhileDown,
      liveMessagesNotDeliveredAcross: tally.lostLive,
      crossDeliveryBackWithinMs: Math.round(tally.reconnectMs),
    },
  });
});

async function open(app: App) {
  const client = await ChatClient.open(app.wsUrl, { name: "Redis" });
  const frames = await client.turn();
  return { client, session: frames[0] as Session };
}

/** Like `eventually`, for a check that has to do something (send a message) each time. */
async function until(check: () => Promise<void>, timeoutMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const ids = (frames: Frame[]) => frames.filter((f) => f.type === "message").map((f) => String(f["id"]));

describe.skipIf(!ready)(`Redis going away between two instances${skipNote({ postgres: true, redis: true })}`, () => {
  it("should store and deliver on the same instance while Redis is down, and across instances again after", async () => {
    tally.tried++;
    const acknowledged: string[] = [];
    const chat = await open(a);
    const onA = wsGraphql(a.wsUrl);
    const onB = wsGraphql(b.wsUrl);
    const local = collect<{ conversation: { id: string; text: string } }>(onA, CONVERSATION, {
      s: chat.session.sessionId,
    });
    const remote = collect<{ conversation: { id: string; text: string } }>(onB, CONVERSATION, {
      s: chat.session.sessionId,
    });
    const remoteTexts = () => remote.values.map((v) => v.conversation.text);
    // Subscriptions are set up asynchronously: say something until instance B hears it.
    await until(async () => {
      acknowledged.push(...ids(await chat.client.say("before")));
      expect(remoteTexts()).toContain("You said before");
    }, 5000);

    for (const proxy of proxies) proxy.cut();
    const down: Frame[][] = [];
    for (let i = 0; i < 5; i++) down.push(await chat.client.say(`while down ${i}`));
    // A customer who starts chatting during the outage, watched from B from the start.
    const late = await open(a);
    const lateRemote = collect<{ conversation: { text: string } }>(onB, CONVERSATION, { s: late.session.sessionId });
    down.push(await late.client.say("late while down"));
    tally.turnsWhileDown += down.length;
    tally.failedWhileDown += down.filter((turn) => turn.at(-1)?.type !== "waiting").length;
    for (const turn of down) acknowledged.push(...ids(turn));
    expect(down.map((turn) => botTexts(turn).length)).toEqual([1, 1, 1, 1, 1, 1]);
    await eventually(() => expect(local.values.map((v) => v.conversation.text)).toContain("You said while down 4"));
    tally.lostLive += down.slice(0, 5).length * 2 - remoteTexts().filter((t) => t.includes("while down")).length;

    // Long enough for ioredis to give up on the commands it queued (maxRetriesPerRequest).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const proxy of proxies) proxy.restore();
    const restored = performance.now();
    await until(async () => {
      acknowledged.push(...ids(await chat.client.say("after")));
      expect(remoteTexts()).toContain("You said after");
    }, 15_000);
    tally.reconnectMs = Math.max(tally.reconnectMs, performance.now() - restored);
    // The subscription made while Redis was away works too.
    await until(async () => {
      acknowledged.push(...ids(await late.client.say("late after")));
      expect(lateRemote.values.map((v) => v.conversation.text)).toContain("You said late after");
    }, 5000);

    // What was published while Redis was down is in the history, whatever live delivery missed.
    const missing = await missingFromDatabase(a.database, acknowledged);
    tally.missing += missing.length;
    expect(missing).toEqual([]);
    expect(faults.unhandledRejections).toBe(0);
    for (const subscription of [local, remote, lateRemote]) subscription.dispose();
    await Promise.all([onA.dispose(), onB.dispose()]);
    chat.client.close();
    late.client.close();
  }, 45_000);
});
