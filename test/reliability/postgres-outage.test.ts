import { NO_ABUSE_LIMITS } from "../utils/load-test-limits.ts";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatLoad, ECHO_FLOW, missingFrom } from "../utils/chat-load.ts";
import { startFaultProxy, targetOf, type FaultProxy } from "../utils/fault-proxy.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { recordCounts, watchProcessFaults } from "../utils/reliability-counts.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";
import { createPostgresDatabase, POSTGRES_SKIP_REASON, TEST_DATABASE_URL } from "../utils/test-database.ts";
import { skipNote } from "../utils/skip-note.ts";

const ready = Boolean(TEST_DATABASE_URL);
if (!ready) console.warn(`[chatflow tests] ${POSTGRES_SKIP_REASON} (PostgreSQL outage)`);

const CUSTOMERS = 30;
type App = Awaited<ReturnType<typeof startTestApp>>;
let app: App;
let proxy: FaultProxy;
let databaseUrl = "";
let drop: () => Promise<void> = async () => {};
const faults = watchProcessFaults();

beforeAll(async () => {
  if (!ready) return;
  const database = await createPostgresDatabase();
  databaseUrl = database.url;
  drop = () => database.drop();
  proxy = await startFaultProxy(targetOf(database.url, 5432));
  app = await startTestApp({ ...NO_ABUSE_LIMITS, DATABASE_URL: proxy.url(database.url) }, { ports: createFakePorts() });
  await uploadFlow(app.url, ECHO_FLOW);
});
afterAll(async () => {
  faults.stop();
  if (!ready) return;
  await app.stop();
  await proxy.close();
  await drop();
});

async function health(): Promise<number> {
  return (await fetch(`${app.url}/healthz`)).status;
}

/** Reads the database directly, not through the proxy. */
async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Drives dozens of customers, takes PostgreSQL away for `outageMs`, gives it back, and checks
 * the four promises: every frame answered, the server healthy again by itself, every turn
 * possible again, every acknowledged message stored.
 */
async function outageUnderLoad(mode: "refuse" | "blackhole", outageMs: number) {
  const load = await ChatLoad.connect(app.wsUrl, CUSTOMERS);
  load.start();
  await new Promise((resolve) => setTimeout(resolve, 700));
  proxy.cut(mode);
  await expect.poll(health, { timeout: 5000, interval: 100 }).toBe(503);
  await new Promise((resolve) => setTimeout(resolve, outageMs));
  proxy.restore();
  await expect.poll(health, { timeout: 10_000, interval: 100 }).toBe(200);
  load.markEpoch();
  await load.untilEveryoneSucceeded(3);
  await load.stop();
  load.close();
  const stored = await query<{ id: string }>(`SELECT "id" FROM "Message"`);
  const missing = missingFrom(
    load.acknowledged,
    stored.map((row) => row.id),
  );
  return { load, missing };
}

describe.skipIf(!ready)(`PostgreSQL going away under load${skipNote({ postgres: true })}`, () => {
  const totals = { tried: 0, missing: 0, unanswered: 0, sent: 0, succeeded: 0, internal: 0, slowest: 0 };
  afterAll(async () => {
    if (!ready) return;
    await recordCounts("PostgreSQL outages", {
      tried: totals.tried,
      crashes: faults.uncaught,
      unhandledRejections: faults.unhandledRejections,
      acknowledgedMissing: totals.missing,
      details: {
        turnsSent: totals.sent,
        turnsSucceeded: totals.succeeded,
        turnsAnsweredInternal: totals.internal,
        framesUnanswered: totals.unanswered,
        slowestTurnMs: Math.round(totals.slowest),
      },
    });
  });

  // The partition outlasts the pool's 5 s connection timeout: turns must fail, not wait for it.
  it.each([
    ["refused (restarting) for 2 s", "refuse", 2000],
    ["silent (partitioned) for 7 s", "blackhole", 7000],
  ] as const)(
    "should answer every frame, report 503 and recover by itself when PostgreSQL is %s",
    async (_, mode, outageMs) => {
      const { load, missing } = await outageUnderLoad(mode, outageMs);
      totals.tried++;
      totals.missing += missing.length;
      totals.unanswered += load.counts.unanswered;
      totals.sent += load.counts.sent;
      totals.succeeded += load.counts.succeeded;
      totals.internal += load.counts.errors["INTERNAL"] ?? 0;
      totals.slowest = Math.max(totals.slowest, load.counts.slowestTurnMs);
      expect(load.counts.unanswered).toBe(0);
      expect(Object.keys(load.counts.errors).filter((code) => code !== "INTERNAL")).toEqual([]);
      expect(load.counts.errors["INTERNAL"]).toBeGreaterThan(0);
      expect(missing).toEqual([]);
      // No frame hangs: a turn waits at most for the outage plus one connection attempt (the
      // pool gives up after 5 s), with room for a loaded CI machine. Not a speed check.
      expect(load.counts.slowestTurnMs).toBeLessThan(outageMs + 5000 + 3000);
      expect(faults.unhandledRejections).toBe(0);
    },
    45_000,
  );

  it("should leave no session half-stored: each turn is its customer message and its reply, or nothing", async () => {
    const sessions = await query<{ id: string; turn: number; messages: string; steps_beyond: string }>(`
      SELECT s."id", s."turn",
             (SELECT count(*) FROM "Message" m WHERE m."sessionId" = s."id") AS messages,
             (SELECT count(*) FROM "Step" t WHERE t."sessionId" = s."id" AND t."turn" > s."turn") AS steps_beyond
      FROM "Session" s`);
    expect(sessions.length).toBeGreaterThanOrEqual(CUSTOMERS);
    // The echo flow: the greeting, then per turn the customer's message and one reply.
    const broken = sessions.filter((s) => Number(s.messages) !== 2 * s.turn - 1 || Number(s.steps_beyond) !== 0);
    expect(broken).toEqual([]);
  });
});
