import WebSocket from "ws";
import type { DatabaseTarget } from "../../src/config/database-target.ts";
import { openDatabase } from "../../src/storage/open-database.ts";
import { createBenchDatabase, type DatabaseKind } from "../databases/bench-database.ts";
import { round, summarizeLatencies, type LatencySummary } from "../report/stats.ts";
import { assertStillRunning, startChatflow, type RunningServer } from "../servers/start-chatflow.ts";

export interface HistoryResult {
  seededMessages: number;
  seedSeconds: number;
  requests: number;
  warmupRequests: number;
  pageSize: number;
  /** Every timed request: the newest page and pages further back along the cursor. */
  latencyMs: LatencySummary;
  /**
   * The first requests after start (as many as are timed), taken from the warm-up: code not yet
   * optimised by the JIT and pages not yet read. Shown, not held to the target.
   */
  coldLatencyMs: LatencySummary;
  /** Only the requests without a cursor (the newest page). */
  newestPageLatencyMs: LatencySummary;
  errors: number;
}

const PAGE_SIZE = 50;
const SEED_BATCH = 1_000;

/**
 * `GET /message/list` latency for one customer with many messages. The server creates the
 * customer and its session over /chat; the messages are then inserted with Prisma while the
 * server is stopped (PGlite allows one process per directory), and the server restarted on the
 * same data. The in-memory database cannot be seeded so: the history phase always uses files.
 */
export async function runHistoryLatency(
  kind: DatabaseKind,
  messages: number,
  requests: number,
  warmupRequests: number,
): Promise<HistoryResult> {
  const database = await createBenchDatabase(kind === "pglite-memory" ? "pglite" : kind);
  try {
    let server = await startChatflow(database.url);
    let customer: { customerId: string; sessionId: string };
    try {
      customer = await openOneConversation(server.wsUrl);
    } finally {
      await server.stop();
    }
    const seedStarted = performance.now();
    await seedMessages(database.target!, customer, messages);
    const seedSeconds = round((performance.now() - seedStarted) / 1000, 2);
    server = await startChatflow(database.url);
    try {
      const timed = await timeHistoryRequests(server, customer.customerId, warmupRequests, requests).catch(
        (error: unknown) => {
          assertStillRunning(server, "history phase");
          throw error;
        },
      );
      return { seededMessages: messages, seedSeconds, requests, warmupRequests, pageSize: PAGE_SIZE, ...timed };
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}

/** Connects one customer, waits for the greeting's end frame, hangs up. */
function openOneConversation(wsUrl: string): Promise<{ customerId: string; sessionId: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsUrl}/chat?name=history`);
    const timer = setTimeout(() => fail(new Error("no greeting within 30 s")), 30_000);
    let found: { customerId: string; sessionId: string } | undefined;
    const fail = (error: Error) => {
      clearTimeout(timer);
      ws.terminate();
      reject(error);
    };
    ws.on("message", (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { type: string; customerId?: string; sessionId?: string };
      if (frame.type === "session") found = { customerId: frame.customerId!, sessionId: frame.sessionId! };
      if (frame.type === "waiting" || frame.type === "ended") {
        clearTimeout(timer);
        ws.close();
        if (found) resolve(found);
        else reject(new Error("greeted without a session frame"));
      }
    });
    ws.on("error", fail);
  });
}

async function seedMessages(
  target: DatabaseTarget,
  customer: { customerId: string; sessionId: string },
  count: number,
): Promise<void> {
  const db = await openDatabase(target);
  try {
    const start = Date.now() - count * 1000;
    for (let first = 0; first < count; first += SEED_BATCH) {
      const data = Array.from({ length: Math.min(SEED_BATCH, count - first) }, (_, i) => {
        const n = first + i;
        const bot = n % 2 === 1;
        return {
          id: crypto.randomUUID(),
          sessionId: customer.sessionId,
          customerId: customer.customerId,
          sender: bot ? ("BOT" as const) : ("CUSTOMER" as const),
          text: bot ? `Seeded bot answer number ${n}, about as long as a real one.` : `seeded question ${n}`,
          blockId: bot ? "weather" : null,
          createdAt: new Date(start + n * 1000),
        };
      });
      await db.prisma.message.createMany({ data });
    }
  } finally {
    await db.close();
  }
}

/**
 * Sequential requests walking the cursor back to the beginning, then from the newest page again:
 * `warmup` of them first (their first `requests` timed as the cold figure), then `requests` timed.
 */
async function timeHistoryRequests(server: RunningServer, customerId: string, warmup: number, requests: number) {
  const all: number[] = [];
  const newest: number[] = [];
  const cold: number[] = [];
  let errors = 0;
  let cursor: string | null = null;
  for (let i = 0; i < warmup + requests; i++) {
    const url = new URL("/message/list", server.baseUrl);
    url.searchParams.set("customerId", customerId);
    if (cursor) url.searchParams.set("before", cursor);
    const started = performance.now();
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json()) as { nextCursor?: string | null };
    const elapsed = performance.now() - started;
    if (i < Math.min(warmup, requests)) cold.push(elapsed);
    if (i >= warmup) {
      all.push(elapsed);
      if (!cursor) newest.push(elapsed);
      if (!response.ok) errors++;
    }
    cursor = response.ok ? (body.nextCursor ?? null) : null;
  }
  const r = (s: LatencySummary): LatencySummary => ({
    ...s,
    p50: round(s.p50, 2),
    p95: round(s.p95, 2),
    p99: round(s.p99, 2),
    max: round(s.max, 2),
    mean: round(s.mean, 2),
  });
  return {
    latencyMs: r(summarizeLatencies(all)),
    newestPageLatencyMs: r(summarizeLatencies(newest)),
    coldLatencyMs: r(summarizeLatencies(cold)),
    errors,
  };
}
