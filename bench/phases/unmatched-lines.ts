import { createBatchingEmbedder } from "../../src/ai/offline/batching-embedder.ts";
import { createSentenceEmbedder } from "../../src/ai/offline/embeddings.ts";
import { tallyLines } from "../../src/ai/offline/group-similar-lines.ts";
import { createInThreadNlp } from "../../src/ai/offline/in-thread-nlp.ts";
import type { openDatabase } from "../../src/storage/open-database.ts";
import type { Store } from "../../src/storage/store.ts";
import { round, summarizeLatencies, type LatencySummary } from "../report/stats.ts";

export interface UnmatchedResult {
  /** Lines a report reads (the service's default bound). */
  lines: number;
  distinctLines: number;
  groups: number;
  /** The SQL alone: the most recent unmatched lines of the version. */
  selectMs: LatencySummary;
  /** Embedding and grouping them, the model loaded but no line seen yet (a server's first report). */
  groupColdMs: number;
  /** The same again: every vector remembered by the batching embedder. */
  groupWarmMs: number;
}

const TOPICS = [
  "what time do you open",
  "where is my parcel",
  "i want a refund",
  "do you ship abroad",
  "can i pay by card",
];
const LIMIT = 1000;
const TIMED = 10;

/**
 * One customer line per seeded session, at the turn of its `intent` step: five topics, each
 * followed by one of 997 numbers, so nearly every line of a report is distinct (the most
 * embeddings a report can need).
 */
export async function seedCustomerLines(
  prisma: Awaited<ReturnType<typeof openDatabase>>["prisma"],
  sessions: number,
): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO "Message" ("id", "sessionId", "customerId", "sender", "text", "turn")
    SELECT 'bench-line-' || n, 'bench-' || n, 'bench-customer', 'CUSTOMER',
      (${TOPICS}::text[])[1 + n % 5] || ' ' || (n % 997), 1
    FROM generate_series(1, ${sessions}::int) AS n`;
}

/**
 * What `GET /analytics/unmatched` costs: the query (timed `TIMED` times), then grouping its lines
 * with the offline model on this thread (the server does it in the NLP worker), cold and warm.
 */
export async function timeUnmatched(store: Store): Promise<UnmatchedResult> {
  const times: number[] = [];
  let lines: string[] = [];
  for (let i = 0; i < TIMED + 1; i++) {
    const started = performance.now();
    lines = await store.selectUnmatchedLines({ version: 1, limit: LIMIT });
    if (i > 0) times.push(round(performance.now() - started, 2));
  }
  const nlp = createInThreadNlp(createBatchingEmbedder(createSentenceEmbedder()));
  await nlp.warmUp();
  const tallied = tallyLines(lines);
  const timeGrouping = async () => {
    const started = performance.now();
    const groups = await nlp.groupLines(tallied);
    return { ms: round(performance.now() - started, 1), groups: groups?.length ?? 0 };
  };
  const cold = await timeGrouping();
  const warm = await timeGrouping();
  return {
    lines: lines.length,
    distinctLines: tallied.length,
    groups: cold.groups,
    selectMs: summarizeLatencies(times),
    groupColdMs: cold.ms,
    groupWarmMs: warm.ms,
  };
}
