import type { AnalyticsResult } from "../phases/analytics-query.ts";
import type { ConversationResult } from "../phases/conversation-load.ts";
import type { HistoryResult } from "../phases/history-latency.ts";
import type { IdleResult } from "../phases/idle-connections.ts";
import type { IntegrityResult } from "../phases/integrity.ts";
import type { MemoryResult } from "../phases/memory.ts";
import type { ReplayResult } from "../phases/replay-query.ts";
import type { StartResult } from "../phases/start-to-healthy.ts";
import type { StormResult } from "../phases/storm.ts";
import type { DbChoice } from "../options.ts";
import type { SweepPoint } from "./latency-chart.ts";

/** Everything one database's run measured; written to bench/results/<timestamp>-<db>.json. */
export interface RunResult {
  db: DbChoice;
  /** The server's DATABASE_URL kind of the conversation load. */
  storage: string;
  conversation?: {
    chatflow: ConversationResult;
    echo: ConversationResult;
    /** chatflow's turns/s divided by the echo's. */
    echoShare: number;
    integrity: IntegrityResult;
    /** Every run of `--repeat`; the figures above are the median run's. */
    repeats: { turnsPerSecond: number; p99: number; errors: number }[];
  };
  /** The human-pace load (each customer one line every `paceMs`) beside the echo under it. */
  pace?: { paceMs: number; chatflow: ConversationResult; echo: ConversationResult; integrity: IntegrityResult };
  idle?: IdleResult;
  history?: HistoryResult;
  analytics?: AnalyticsResult;
  replay?: ReplayResult;
  /** Embedded PGlite only. */
  start?: StartResult;
  /** Embedded PGlite only. */
  memory?: MemoryResult;
  /** The sweep's closed-loop levels, and the same levels at a human pace. */
  sweep?: SweepPoint[];
  paceSweep?: SweepPoint[];
  storm?: StormResult;
  /** Phases that failed, with the error: the others still ran. */
  failures: Record<string, string>;
}
