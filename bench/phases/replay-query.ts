import { classifyByWordOverlap, sentimentFromRating } from "../../cli/flow/offline-ports.ts";
import { FlowCatalog } from "../../src/chat/flow-catalog.ts";
import { ReplayService } from "../../src/chat/replay/replay-service.ts";
import type { openDatabase } from "../../src/storage/open-database.ts";
import { createStore } from "../../src/storage/store.ts";
import { withMigratedDatabase, type DatabaseKind } from "../databases/bench-database.ts";
import { round, summarizeLatencies, type LatencySummary } from "../report/stats.ts";

export interface ReplayResult {
  sessions: number;
  seedSeconds: number;
  /** Replays of the newest `last` sessions against a candidate with one branch reworded. */
  runs: { last: number; diverged: number; ms: LatencySummary; heapMb: number }[];
}

const LASTS = [200, 10_000];
const TIMED = { 200: 10, 10_000: 3 } as Record<number, number>;

/** The stored flow: a greeting, a question, an intent block, two answers. */
const FLOW = {
  schemaVersion: 1,
  name: "bench-replay",
  start: "hello",
  blocks: [
    { id: "hello", type: "message", text: "Hi {{customer.name}}! What do you need?", next: "listen" },
    { id: "listen", type: "wait", next: "route" },
    {
      id: "route",
      type: "intent",
      intents: [{ id: "hours", description: "opening hours", next: "hours" }],
      noMatch: "sorry",
    },
    { id: "hours", type: "message", text: "We open at nine.", next: "listen" },
    { id: "sorry", type: "message", text: "Sorry, I did not get that.", next: "listen" },
  ],
};

/** The candidate: the `hours` answer reworded, so every session that asked for the hours diverges. */
const CANDIDATE = {
  ...FLOW,
  blocks: FLOW.blocks.map((b) => (b.id === "hours" ? { ...b, text: "We open at ten." } : b)),
};

/**
 * `POST /config/replay`'s work (the `ReplayService`, in-process) on `sessions` stored sessions
 * of a real flow, written by `INSERT … SELECT generate_series` as the chat service would have
 * stored them: a greeting turn, then one customer line (three in four ask for the hours, the
 * rest go to `noMatch`) with its intent decision, steps and bot line. The stored intent
 * decisions are reused, as they are for an unchanged block; the offline classifier would only
 * run for changed intents. One untimed run, then `TIMED` runs per `last`.
 */
export async function runReplayQuery(kind: DatabaseKind, sessions: number): Promise<ReplayResult> {
  return withMigratedDatabase(kind, async (database) => {
    const seedStarted = performance.now();
    await seed(database.prisma, sessions);
    const seedSeconds = round((performance.now() - seedStarted) / 1000, 2);
    const store = createStore(database);
    const replay = new ReplayService({
      store,
      flows: new FlowCatalog(store),
      offline: {
        classifyIntent: async (request) => classifyByWordOverlap(request),
        classifySentiment: async (request) => sentimentFromRating(request.rating),
      },
    });
    const runs: ReplayResult["runs"] = [];
    for (const last of LASTS.map((n) => Math.min(n, sessions))) {
      const times: number[] = [];
      let diverged = 0;
      let heap = 0;
      for (let i = 0; i <= (TIMED[last] ?? 3); i++) {
        const started = performance.now();
        const outcome = await replay.replay({ text: JSON.stringify(CANDIDATE), format: "json", last });
        if (!outcome.ok) throw new Error("the bench candidate is invalid");
        if (i > 0) times.push(round(performance.now() - started, 1));
        diverged = outcome.report.diverged;
        heap = Math.max(heap, process.memoryUsage().heapUsed);
      }
      runs.push({ last, diverged, ms: summarizeLatencies(times), heapMb: round(heap / 2 ** 20, 1) });
    }
    return { sessions, seedSeconds, runs };
  });
}

async function seed(prisma: Awaited<ReturnType<typeof openDatabase>>["prisma"], sessions: number): Promise<void> {
  const definition = JSON.stringify(FLOW);
  // One clock for every row, as a turn's rows share its time (the statements run seconds apart).
  const base = new Date().toISOString();
  await prisma.$executeRaw`
    INSERT INTO "Customer" ("id", "tokenHash") VALUES ('bench-customer', 'bench-token-hash')`;
  await prisma.$executeRaw`
    INSERT INTO "FlowConfig" ("version", "name", "checksum", "source", "sourceType", "definition")
    VALUES (1, 'bench-replay', 'sha256:bench', ${definition}, 'json', ${definition})`;
  // Session n opened n seconds ago; its second turn came a second later. One in four said "banana".
  await prisma.$executeRaw`
    INSERT INTO "Session" ("id", "customerId", "flowVersion", "status", "state", "currentBlockId",
      "turn", "createdAt", "updatedAt")
    SELECT 'bench-' || n, 'bench-customer', 1, 'ACTIVE', '{"vars": {}}'::jsonb, 'listen', 2,
      ${base}::timestamp(3) - make_interval(secs => n), ${base}::timestamp(3)
    FROM generate_series(1, ${sessions}::int) AS n`;
  await prisma.$executeRaw`
    INSERT INTO "Message" ("id", "sessionId", "customerId", "sender", "text", "blockId", "createdAt")
    SELECT 'bench-m-' || n || '-' || k, 'bench-' || n, 'bench-customer', m.sender::"Sender",
      (CASE WHEN m.text = 'ASK' THEN (CASE WHEN n % 4 = 0 THEN 'banana' ELSE 'opening hours?' END)
            WHEN m.text = 'ANSWER' THEN (CASE WHEN n % 4 = 0 THEN 'Sorry, I did not get that.' ELSE 'We open at nine.' END)
            ELSE m.text END),
      (CASE WHEN m.text = 'ANSWER' THEN (CASE WHEN n % 4 = 0 THEN 'sorry' ELSE 'hours' END) ELSE m."blockId" END),
      ${base}::timestamp(3) - make_interval(secs => n) + make_interval(secs => m.at)
    FROM generate_series(1, ${sessions}::int) AS n,
      (VALUES (1, 'BOT', 'Hi there! What do you need?', 'hello', 0.001),
              (2, 'CUSTOMER', 'ASK', NULL, 1.0),
              (3, 'BOT', 'ANSWER', NULL, 1.001)) AS m(k, sender, text, "blockId", at)
    ORDER BY m.k, n`;
  await prisma.$executeRaw`
    INSERT INTO "Step" ("sessionId", "turn", "blockId", "blockType", "kind", "data", "createdAt")
    SELECT 'bench-' || n, s.turn,
      (CASE WHEN s."blockId" = 'ANSWER' THEN (CASE WHEN n % 4 = 0 THEN 'sorry' ELSE 'hours' END) ELSE s."blockId" END),
      s."blockType", s.kind,
      (CASE WHEN s.kind = 'intent' THEN jsonb_build_object(
        'intent', CASE WHEN n % 4 = 0 THEN NULL ELSE 'hours' END, 'confidence', CASE WHEN n % 4 = 0 THEN 0 ELSE 1 END,
        'classifier', 'word-overlap', 'latencyMs', 0, 'threshold', 0.5, 'matched', n % 4 <> 0) END),
      ${base}::timestamp(3) - make_interval(secs => n) + make_interval(secs => s.turn - 1)
    FROM generate_series(1, ${sessions}::int) AS n,
      (VALUES (1, 1, 'hello', 'message', 'entered'), (2, 1, 'listen', 'wait', 'entered'),
              (3, 2, 'route', 'intent', 'entered'), (4, 2, 'route', 'intent', 'intent'),
              (5, 2, 'ANSWER', 'message', 'entered'), (6, 2, 'listen', 'wait', 'entered'))
        AS s(k, turn, "blockId", "blockType", kind)
    ORDER BY n, s.k`;
  await prisma.$executeRaw`ANALYZE`;
}
