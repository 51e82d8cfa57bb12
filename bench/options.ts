import { parseArgs } from "node:util";
import { POSTGRES_ADMIN_URL } from "./databases/bench-database.ts";

export const PHASES = [
  "conversation",
  "pace",
  "idle",
  "history",
  "start",
  "memory",
  "analytics",
  "replay",
  "storm",
] as const;
export type Phase = (typeof PHASES)[number];
export type DbChoice = "pglite" | "postgres";

export interface BenchOptions {
  /** Databases to run every phase on (start-to-healthy only applies to PGlite). @default ["pglite"] */
  dbs: DbChoice[];
  /** Where PGlite keeps the conversation load's data: `file` allows the integrity check. @default "file" */
  pgliteStorage: "file" | "memory";
  /** Concurrent customers of the conversation load. @default 1000 */
  customers: number;
  /** Measured window of the conversation load, in seconds. @default 20 */
  seconds: number;
  /** Conversation load runs; the one with the median turns/s is reported (the machine may be shared). @default 1 */
  repeat: number;
  /** Warm-up before the window, not counted. @default 3 */
  warmup: number;
  /** Human-pace load: each of `--customers` sends one line every this many ms. @default 2000 */
  paceMs: number;
  /** Warm-up of the human-pace load (every customer has sent a line or two by then). @default 5 */
  paceWarmup: number;
  /** Silent connections for memory per connection. @default 10000 */
  idle: number;
  /** Messages seeded for the history latency. @default 10000 */
  historyMessages: number;
  /** Sequential `GET /message/list` requests timed. @default 500 */
  historyRequests: number;
  /** Requests before the timed ones: a server is warm long before its 500th history request. @default 2000 */
  historyWarmup: number;
  /** Sessions stored for the analytics query timing. @default 100000 */
  analyticsSessions: number;
  /** Sessions stored for the replay timing. @default 100000 */
  replaySessions: number;
  /** Server starts per kind for start-to-healthy; the best counts. @default 3 */
  startRuns: number;
  /** Connections of each storm (returning customers, then new ones). @default 1000 */
  stormCustomers: number;
  /** Customers already connected, talking at a human pace through the storms. @default 50 */
  stormTalkers: number;
  phases: Phase[];
  /** Concurrency levels for the latency chart; empty: no sweep. @default [] ([50,200,500,1000] with --chart) */
  sweep: number[];
  /** Load generator processes of the conversation load. @default 1 */
  generators: number;
  /** Connections opened at once. @default 200 */
  batch: number;
  /** A turn unanswered for this long is a timeout error. @default 30000 */
  turnTimeoutMs: number;
  /** Send a clientMsgId with every message (a client that retries safely does). @default true */
  clientMsgIds: boolean;
}

const USAGE = `npm run bench -- [options]
  --db pglite|postgres|both   database(s) (postgres needs BENCH_DATABASE_URL or TEST_DATABASE_URL)   [pglite]
  --pglite-storage file|memory  PGlite data for the conversation load (memory: no integrity check)  [file]
  --customers N               concurrent customers of the conversation load                          [1000]
  --seconds S                 measured seconds                                                        [20]
  --warmup S                  warm-up seconds, not counted                                            [3]
  --pace-ms MS                human-pace phase: each customer sends one line every MS                 [2000]
  --pace-warmup S             warm-up of the human-pace phase, not counted                            [5]
  --repeat N                  conversation load runs; the median (by turns/s) is reported             [1]
  --idle N                    idle connections for memory per connection                              [10000]
  --history-messages N        messages seeded for the history latency                                 [10000]
  --history-requests N        sequential GET /message/list timed                                      [500]
  --history-warmup N          requests before those, not counted (the first N are reported as cold)   [2000]
  --analytics-sessions N      sessions stored for the analytics query timing                          [100000]
  --replay-sessions N         sessions stored for the replay timing                                   [100000]
  --storm-customers N         connections of each reconnect / new-customer storm                      [1000]
  --storm-talkers N           connected customers talking (one line / 2 s) through the storms         [50]
  --start-runs N              starts per kind for start-to-healthy (best counts)                      [3]
  --only a,b                  phases: ${PHASES.join(",")}                        [all]
  --concurrency-sweep a,b,c   rerun the closed-loop and human-pace loads at each level, draw the latency chart
  --chart                     the sweep at 50,200,500,1000
  --generators N              load generator processes                                                [1]
  --batch N                   connections opened at once                                              [200]
  --turn-timeout MS           a turn unanswered this long is an error (the customer hangs up)        [30000]
  --no-client-msg-id          send messages without clientMsgId`;

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    allowNegative: true,
    options: {
      db: { type: "string", default: "pglite" },
      "pglite-storage": { type: "string", default: "file" },
      customers: { type: "string", default: "1000" },
      seconds: { type: "string", default: "20" },
      warmup: { type: "string", default: "3" },
      "pace-ms": { type: "string", default: "2000" },
      "pace-warmup": { type: "string", default: "5" },
      repeat: { type: "string", default: "1" },
      idle: { type: "string", default: "10000" },
      "history-messages": { type: "string", default: "10000" },
      "history-requests": { type: "string", default: "500" },
      "history-warmup": { type: "string", default: "2000" },
      "analytics-sessions": { type: "string", default: "100000" },
      "replay-sessions": { type: "string", default: "100000" },
      "start-runs": { type: "string", default: "3" },
      "storm-customers": { type: "string", default: "1000" },
      "storm-talkers": { type: "string", default: "50" },
      only: { type: "string" },
      "concurrency-sweep": { type: "string" },
      chart: { type: "boolean", default: false },
      generators: { type: "string", default: "1" },
      batch: { type: "string", default: "200" },
      "turn-timeout": { type: "string", default: "30000" },
      "client-msg-id": { type: "boolean", default: true },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const dbs: DbChoice[] =
    values.db === "both" ? ["pglite", "postgres"] : values.db === "postgres" ? ["postgres"] : ["pglite"];
  if (!["pglite", "postgres", "both"].includes(values.db)) fail(`--db must be pglite, postgres or both`);
  if (dbs.includes("postgres") && !POSTGRES_ADMIN_URL)
    fail("--db postgres needs BENCH_DATABASE_URL or TEST_DATABASE_URL");
  if (!["file", "memory"].includes(values["pglite-storage"])) fail("--pglite-storage must be file or memory");
  const phases = values.only ? values.only.split(",").map((p) => p.trim()) : [...PHASES];
  for (const phase of phases) if (!PHASES.includes(phase as Phase)) fail(`--only: unknown phase "${phase}"`);
  const sweep = values["concurrency-sweep"]
    ? values["concurrency-sweep"].split(",").map((level) => positive("--concurrency-sweep", level))
    : values.chart
      ? [50, 200, 500, 1000]
      : [];
  return {
    dbs,
    pgliteStorage: values["pglite-storage"] as "file" | "memory",
    customers: positive("--customers", values.customers),
    seconds: positive("--seconds", values.seconds),
    warmup: nonNegative("--warmup", values.warmup),
    paceMs: positive("--pace-ms", values["pace-ms"]),
    paceWarmup: nonNegative("--pace-warmup", values["pace-warmup"]),
    repeat: positive("--repeat", values.repeat),
    idle: positive("--idle", values.idle),
    historyMessages: positive("--history-messages", values["history-messages"]),
    historyRequests: positive("--history-requests", values["history-requests"]),
    historyWarmup: nonNegative("--history-warmup", values["history-warmup"]),
    analyticsSessions: positive("--analytics-sessions", values["analytics-sessions"]),
    replaySessions: positive("--replay-sessions", values["replay-sessions"]),
    startRuns: positive("--start-runs", values["start-runs"]),
    stormCustomers: positive("--storm-customers", values["storm-customers"]),
    stormTalkers: positive("--storm-talkers", values["storm-talkers"]),
    phases: phases as Phase[],
    sweep,
    generators: positive("--generators", values.generators),
    batch: positive("--batch", values.batch),
    turnTimeoutMs: positive("--turn-timeout", values["turn-timeout"]),
    clientMsgIds: values["client-msg-id"],
  };
}

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) fail(`${name} must be a positive number, not "${raw}"`);
  return value;
}

function nonNegative(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) fail(`${name} must be zero or more, not "${raw}"`);
  return value;
}

function fail(message: string): never {
  console.error(`bench: ${message}\n\n${USAGE}`);
  process.exit(2);
}
