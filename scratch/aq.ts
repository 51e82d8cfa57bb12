import type { openDatabase } from "../src/storage/open-database.ts";
import { createStore } from "../src/storage/store.ts";
import { withMigratedDatabase, type DatabaseKind } from "../bench/databases/bench-database.ts";
import { round, summarizeLatencies, type LatencySummary } from "../bench/report/stats.ts";
import { seedCustomerLines, timeUnmatched, type UnmatchedResult } from "../bench/phases/unmatched-lines.ts";

export interface AnalyticsResult {
  sessions: number;
  steps: number;
  seedSeconds: number;
  /** The whole version, no time window (every stored session counts). */
  allMs: LatencySummary;
  /** The sessions of the last day of the seeded month (about 1/30 of them). */
  lastDayMs: LatencySummary;
  /** `GET /analytics/unmatched` on the same sessions. */
  unmatched?: UnmatchedResult;
}

const WARMUP = 3;
const TIMED = 10;
const BLOCKS = ["hello", "listen", "route", "sorry", "toHuman", "askRating", "rating", "bye"];
const MONTH_SECONDS = 30 * 24 * 3600;

/**
 * The analytics query (`countAnalytics`, what `GET /analytics` runs) on `sessions` stored
 * sessions of one flow version, spread over 30 days. The data is written by a few
 * `INSERT … SELECT generate_series` statements straight into the tables (no conversations:
 * 100,000 of them over /chat would take the bench far longer than the query): each session 1–8
 * `entered` steps, one customer line and its `intent` step (a quarter unmatched), one in ten with feedback, one in
 * twenty handed off, a third ended. The query is timed in-process against the same storage the
 * server uses, `WARMUP` runs first, then `TIMED` runs.
 */
export async function runAnalyticsQuery(kind: DatabaseKind, sessions: number): Promise<AnalyticsResult> {
  return withMigratedDatabase(kind, async (database) => {
    const seedStarted = performance.now();
    const steps = await seed(database.prisma, sessions);
    const seedSeconds = round((performance.now() - seedStarted) / 1000, 2);
    const store = createStore(database);
    const time = async (scope: Parameters<typeof store.countAnalytics>[0]) => {
      const times: number[] = [];
      for (let i = 0; i < WARMUP + TIMED; i++) {
        const started = performance.now();
        await store.countAnalytics(scope);
        if (i >= WARMUP) times.push(round(performance.now() - started, 2));
      }
      return summarizeLatencies(times);
    };
    const allMs = await time({ version: 1 });
    const lastDayMs = await time({ version: 1, from: new Date(Date.now() - 24 * 3600 * 1000) });
    const unmatched = await timeUnmatched(store);
    return { sessions, steps, seedSeconds, allMs, lastDayMs, unmatched };
  });
}

export async function seed(prisma: Awaited<ReturnType<typeof openDatabase>>["prisma"], sessions: number): Promise<number> {
  await prisma.$executeRaw`
    INSERT INTO "Customer" ("id", "tokenHash") VALUES ('bench-customer', 'bench-token-hash')`;
  await prisma.$executeRaw`
    INSERT INTO "FlowConfig" ("version", "name", "checksum", "source", "sourceType", "definition")
    VALUES (1, 'bench', 'sha256:bench', '{}', 'json', '{}')`;
  await prisma.$executeRaw`
    INSERT INTO "Session" ("id", "customerId", "flowVersion", "status", "state", "currentBlockId",
      "turn", "createdAt", "updatedAt", "handoffStatus")
    SELECT 'bench-' || n, 'bench-customer', 1,
      (CASE WHEN n % 3 = 0 THEN 'ENDED' ELSE 'ACTIVE' END)::"SessionStatus", '{}'::jsonb,
      (${BLOCKS}::text[])[1 + n % 8], 1,
      now() - make_interval(secs => n::float8 * ${MONTH_SECONDS / sessions}), now(),
      (CASE WHEN n % 20 = 0 THEN 'QUEUED' END)::"HandoffStatus"
    FROM generate_series(1, ${sessions}::int) AS n`;
  const entered = await prisma.$executeRaw`
    INSERT INTO "Step" ("sessionId", "turn", "blockId", "blockType", "kind")
    SELECT 'bench-' || n, 1, (${BLOCKS}::text[])[k], 'message', 'entered'
    FROM generate_series(1, ${sessions}::int) AS n, generate_series(1, 1 + n % 8) AS k`;
  const intents = await prisma.$executeRaw`
    INSERT INTO "Step" ("sessionId", "turn", "blockId", "blockType", "kind", "data")
    SELECT 'bench-' || n, 1, 'route', 'intent', 'intent', jsonb_build_object('matched', n % 4 <> 0)
    FROM generate_series(1, ${sessions}::int) AS n`;
  await prisma.$executeRaw`
    INSERT INTO "Feedback" ("id", "sessionId", "customerId", "rating", "sentiment")
    SELECT 'bench-feedback-' || n, 'bench-' || n, 'bench-customer', 1 + n % 5,
      (CASE WHEN n % 5 >= 3 THEN 'POSITIVE' WHEN n % 5 = 2 THEN 'NEUTRAL' ELSE 'NEGATIVE' END)::"Sentiment"
    FROM generate_series(10, ${sessions}::int, 10) AS n`;
  await seedCustomerLines(prisma, sessions);
  await prisma.$executeRaw`ANALYZE`;
  return entered + intents;
}
