import type { DatabaseKind } from "./databases/bench-database.ts";
import type { LoadShape } from "./load/generator-fleet.ts";
import type { BenchOptions, DbChoice } from "./options.ts";
import { runChatflowConversation, runEchoConversation } from "./phases/chatflow-conversation.ts";
import type { ConversationResult } from "./phases/conversation-load.ts";
import { runAnalyticsQuery } from "./phases/analytics-query.ts";
import { runReplayQuery } from "./phases/replay-query.ts";
import { runHistoryLatency } from "./phases/history-latency.ts";
import { runIdleConnections } from "./phases/idle-connections.ts";
import { runMemory } from "./phases/memory.ts";
import { runStartToHealthy } from "./phases/start-to-healthy.ts";
import { runStorm } from "./phases/storm.ts";
import type { SweepPoint } from "./report/latency-chart.ts";
import type { RunResult } from "./report/run-result.ts";

export interface RunContext {
  progress: (message: string) => void;
  openFilesLimit: number;
  /** The echo ceiling has no database: measured by the first run that needs it, shared after. */
  echo: ConversationResult | undefined;
  /** The echo under the human-pace load, likewise. */
  paceEcho?: ConversationResult;
}

/**
 * Every selected phase on one database, each with its own server and fresh data. A phase that
 * fails is recorded in `failures` and the others still run: a long run is not lost to one error.
 */
export async function runOneDatabase(db: DbChoice, opts: BenchOptions, context: RunContext): Promise<RunResult> {
  const { progress } = context;
  const kind: DatabaseKind =
    db === "postgres" ? "postgres" : opts.pgliteStorage === "memory" ? "pglite-memory" : "pglite";
  const run: RunResult = {
    db,
    storage: kind === "pglite" ? "file:<tmpdir>" : kind === "pglite-memory" ? "memory:" : "postgres",
    failures: {},
  };
  const attempt = async (phase: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      run.failures[phase] = message;
      progress(`${db}: ${phase} FAILED: ${message}`);
    }
  };
  const timing = { warmupSeconds: opts.warmup, seconds: opts.seconds, drainMs: opts.turnTimeoutMs + 5_000 };

  if (opts.phases.includes("conversation")) {
    await attempt("conversation", async () => {
      const shape = loadShape(opts, opts.customers);
      const repeats: Awaited<ReturnType<typeof runChatflowConversation>>[] = [];
      for (let i = 1; i <= opts.repeat; i++) {
        const label = opts.repeat > 1 ? ` (run ${i}/${opts.repeat})` : "";
        progress(`${db}: conversation load${label}, ${opts.customers} customers, ${opts.warmup}+${opts.seconds} s`);
        // One run lost (say, the server killed from outside) should not lose the others.
        await attempt(`conversation run ${i}`, async () => {
          const result = await runChatflowConversation(kind, shape, timing);
          const { turnsPerSecond, latencyMs, errors } = result.conversation;
          progress(`${db}: ${turnsPerSecond} turns/s, p99 ${latencyMs.p99} ms, ${errors.total} errors`);
          repeats.push(result);
        });
      }
      if (repeats.length === 0) throw new Error("no conversation run succeeded");
      const { conversation, integrity } = medianRun(repeats);
      if (!context.echo) {
        progress(`echo ceiling, same load, ${conversation.framesPerTurn} frames per turn`);
        context.echo = await runEchoConversation(shape, timing, conversation);
        progress(`echo: ${context.echo.turnsPerSecond} turns/s`);
      }
      const echo = context.echo;
      run.conversation = {
        chatflow: conversation,
        echo,
        echoShare: conversation.turnsPerSecond / echo.turnsPerSecond,
        integrity,
        repeats: repeats.map((r) => ({
          turnsPerSecond: r.conversation.turnsPerSecond,
          p99: r.conversation.latencyMs.p99,
          errors: r.conversation.errors.total,
        })),
      };
    });
  }
  if (opts.phases.includes("pace")) {
    await attempt("pace", async () => {
      const shape = { ...loadShape(opts, opts.customers), paceMs: opts.paceMs };
      const paced = { ...timing, warmupSeconds: opts.paceWarmup };
      progress(
        `${db}: human pace, ${opts.customers} customers, one line / ${opts.paceMs} ms each, ${opts.paceWarmup}+${opts.seconds} s`,
      );
      const { conversation, integrity } = await runChatflowConversation(kind, shape, paced);
      progress(`${db}: human pace p50 ${conversation.latencyMs.p50} ms, p99 ${conversation.latencyMs.p99} ms`);
      // The echo under the same pace; it has no database, so one run serves both databases.
      context.paceEcho ??= await runEchoConversation(shape, paced, conversation);
      run.pace = { paceMs: opts.paceMs, chatflow: conversation, echo: context.paceEcho, integrity };
    });
  }
  if (opts.phases.includes("idle")) {
    await attempt("idle", async () => {
      progress(`${db}: ${opts.idle} idle connections`);
      run.idle = await runIdleConnections(kind, loadShape(opts, 0), opts.idle, context.openFilesLimit);
      progress(`${db}: ${run.idle.kbPerConnection} KB per idle connection`);
    });
  }
  if (opts.phases.includes("history")) {
    await attempt("history", async () => {
      progress(
        `${db}: history, ${opts.historyMessages} messages, ${opts.historyWarmup} warm-up + ${opts.historyRequests} requests`,
      );
      run.history = await runHistoryLatency(kind, opts.historyMessages, opts.historyRequests, opts.historyWarmup);
      progress(`${db}: /message/list p99 ${run.history.latencyMs.p99} ms`);
    });
  }
  if (opts.phases.includes("analytics")) {
    await attempt("analytics", async () => {
      progress(`${db}: analytics query on ${opts.analyticsSessions} stored sessions`);
      run.analytics = await runAnalyticsQuery(kind, opts.analyticsSessions);
      progress(`${db}: analytics query p50 ${run.analytics.allMs.p50} ms (seeded in ${run.analytics.seedSeconds} s)`);
    });
  }
  if (opts.phases.includes("replay")) {
    await attempt("replay", async () => {
      progress(`${db}: replay of the newest sessions among ${opts.replaySessions} stored`);
      run.replay = await runReplayQuery(kind, opts.replaySessions);
      const times = run.replay.runs.map((r) => `last=${r.last} p50 ${r.ms.p50} ms`).join(", ");
      progress(`${db}: replay ${times} (seeded in ${run.replay.seedSeconds} s)`);
    });
  }
  if (opts.phases.includes("start") && db === "pglite") {
    await attempt("start", async () => {
      progress(`start to healthy, ${opts.startRuns}× fresh dir and ${opts.startRuns}× existing dir`);
      run.start = await runStartToHealthy(opts.startRuns);
    });
  }
  if (opts.phases.includes("memory") && db === "pglite") {
    await attempt("memory", async () => {
      progress("memory: a fresh server idle after start, after a conversation (classifiers loaded), after unloading");
      run.memory = await runMemory();
      const m = run.memory;
      progress(
        `memory: ${m.idleRssMb} MB idle, ${m.startPeakRssMb} MB peak during start; loaded ${m.loadedIdleRssMb} MB (peak ${m.loadedPeakRssMb}); unloaded ${m.unloadedIdleRssMb} MB`,
      );
    });
  }
  if (opts.phases.includes("storm")) {
    await attempt("storm", async () => {
      progress(
        `${db}: storms of ${opts.stormCustomers} connections, ${opts.stormTalkers} customers talking through them`,
      );
      run.storm = await runStorm(kind, {
        customers: opts.stormCustomers,
        talkers: opts.stormTalkers,
        talkerIntervalMs: 2_000,
      });
      const { resume, fresh } = run.storm;
      progress(`${db}: resume storm all in ${resume.allInMs} ms, talkers p99 ${resume.talkersMs.p99} ms`);
      progress(`${db}: new-customer storm all in ${fresh.allInMs} ms, talkers p99 ${fresh.talkersMs.p99} ms`);
    });
  }
  if (opts.sweep.length > 0) {
    await attempt("sweep", async () => {
      const sweep: SweepPoint[] = (run.sweep = []);
      const paceSweep: SweepPoint[] = (run.paceSweep = []);
      const paced = { ...timing, warmupSeconds: opts.paceWarmup };
      for (const customers of opts.sweep) {
        for (const [points, paceMs, label] of [
          [sweep, 0, "closed loop"],
          [paceSweep, opts.paceMs, "human pace"],
        ] as const) {
          progress(`${db}: sweep, ${customers} customers, ${label}`);
          const shape = { ...loadShape(opts, customers), paceMs };
          const { conversation: c } = await runChatflowConversation(kind, shape, paceMs ? paced : timing);
          progress(`${db}: ${customers} customers, ${label}: ${c.turnsPerSecond} turns/s, p99 ${c.latencyMs.p99} ms`);
          const { p50, p95, p99 } = c.latencyMs;
          points.push({ customers, turnsPerSecond: c.turnsPerSecond, p50, p95, p99, errors: c.errors.total });
        }
      }
    });
  }
  return run;
}

/**
 * The run with the median turns/s stands for all; but an integrity problem in any run is
 * reported, not hidden by the median.
 */
function medianRun<T extends Awaited<ReturnType<typeof runChatflowConversation>>>(runs: T[]): T {
  const sorted = [...runs].sort((a, b) => a.conversation.turnsPerSecond - b.conversation.turnsPerSecond);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  const broken = runs.find((r) => r.integrity.lost > 0 || r.integrity.unacknowledged > 0);
  return broken && broken !== median ? { ...median, integrity: broken.integrity } : median;
}

function loadShape(opts: BenchOptions, customers: number): LoadShape {
  return {
    customers,
    generators: opts.generators,
    batchSize: opts.batch,
    connectTimeoutMs: 30_000,
    turnTimeoutMs: opts.turnTimeoutMs,
    clientMsgIds: opts.clientMsgIds,
    paceMs: 0,
  };
}
