/**
 * chatflow's load benchmark: `npm run bench -- [options]` (see bench/README.md, `--help`).
 * Servers and load generators are child processes; this process orchestrates and reports.
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import { parseBenchOptions, type BenchOptions, type DbChoice } from "./options.ts";
import { runChatflowConversation, runEchoConversation } from "./phases/chatflow-conversation.ts";
import type { ConversationResult } from "./phases/conversation-load.ts";
import { cleanUpEverything, installExitHandlers } from "./process/cleanup.ts";
import { formatTable } from "./report/print-table.ts";
import type { RunResult } from "./report/run-result.ts";
import { sweepRows, tableRows } from "./report/table-rows.ts";
import { fileTimestamp, writeResultFile, writeResultText } from "./report/write-results.ts";
import { TARGETS } from "./report/targets.ts";
import { drawLatencyChart, type SweepPoint } from "./report/latency-chart.ts";
import { runIdleConnections } from "./phases/idle-connections.ts";
import { runHistoryLatency } from "./phases/history-latency.ts";
import { runStartToHealthy } from "./phases/start-to-healthy.ts";
import type { LoadShape } from "./load/generator-fleet.ts";
import type { DatabaseKind } from "./databases/bench-database.ts";

installExitHandlers();
const options = parseBenchOptions(process.argv.slice(2));
const startedAt = new Date();
const environment = describeEnvironment();
console.log(
  `chatflow bench ${environment.commit.slice(0, 10)}: node ${environment.node}, ${environment.cpus} CPUs, ` +
    `ulimit -n ${environment.openFilesLimit}; db ${options.dbs.join("+")}, phases ${options.phases.join(",")}`,
);

const runs: RunResult[] = [];
/** The echo ceiling is measured once (it has no database) and shared by every database's run. */
let echo: ConversationResult | undefined;
try {
  for (const db of options.dbs) {
    const run = await runOneDatabase(db, options);
    runs.push(run);
    const file = writeResultFile(`${fileTimestamp(startedAt)}-${db}.json`, { startedAt, environment, options, run });
    console.log(
      `\n${formatTable(`== ${db} (${run.storage}, commit ${environment.commit.slice(0, 10)})`, tableRows(run))}`,
    );
    if (run.sweep) console.log(`\n${formatTable(`== ${db}: concurrency sweep`, sweepRows(run))}`);
    if (run.sweep) {
      const subtitle = `${db}, ${options.seconds} s per level, commit ${environment.commit.slice(0, 10)}, ${startedAt.toISOString().slice(0, 10)}`;
      const svg = drawLatencyChart(run.sweep, subtitle, TARGETS.turnP99Ms);
      if (runs.length === 1) console.log(`chart: ${writeResultText("latency-vs-concurrency.svg", svg)}`);
      console.log(`chart: ${writeResultText(`latency-vs-concurrency-${db}.svg`, svg)}`);
    }
    console.log(`written: ${file}`);
  }
  writeResultFile("latest.json", { startedAt, finishedAt: new Date(), environment, options, runs });
} catch (error) {
  console.error(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanUpEverything();
}

async function runOneDatabase(db: DbChoice, opts: BenchOptions): Promise<RunResult> {
  const kind: DatabaseKind =
    db === "postgres" ? "postgres" : opts.pgliteStorage === "memory" ? "pglite-memory" : "pglite";
  const run: RunResult = {
    db,
    storage: kind === "pglite" ? "file:<tmpdir>" : kind === "pglite-memory" ? "memory:" : "postgres",
  };
  const timing = { warmupSeconds: opts.warmup, seconds: opts.seconds, drainMs: opts.turnTimeoutMs + 5_000 };
  if (opts.phases.includes("conversation")) {
    const shape = loadShape(opts, opts.customers);
    progress(`${db}: conversation load, ${opts.customers} customers, ${opts.warmup}+${opts.seconds} s`);
    const { conversation, integrity } = await runChatflowConversation(kind, shape, timing);
    progress(`${db}: ${conversation.turnsPerSecond} turns/s, p99 ${conversation.latencyMs.p99} ms`);
    if (!echo) {
      progress(`echo ceiling, same load, ${conversation.framesPerTurn} frames per turn`);
      echo = await runEchoConversation(shape, timing, conversation);
      progress(`echo: ${echo.turnsPerSecond} turns/s`);
    }
    run.conversation = {
      chatflow: conversation,
      echo,
      echoShare: conversation.turnsPerSecond / echo.turnsPerSecond,
      integrity,
    };
  }
  if (opts.phases.includes("idle")) {
    progress(`${db}: ${opts.idle} idle connections`);
    run.idle = await runIdleConnections(kind, loadShape(opts, 0), opts.idle, Number(environment.openFilesLimit));
    progress(`${db}: ${run.idle.kbPerConnection} KB per idle connection`);
  }
  if (opts.phases.includes("history")) {
    progress(`${db}: history, ${opts.historyMessages} messages, ${opts.historyRequests} requests`);
    run.history = await runHistoryLatency(kind, opts.historyMessages, opts.historyRequests);
    progress(`${db}: /message/list p99 ${run.history.latencyMs.p99} ms`);
  }
  if (opts.phases.includes("start") && db === "pglite") {
    progress(`start to healthy, ${opts.startRuns}× fresh dir and ${opts.startRuns}× existing dir`);
    run.start = await runStartToHealthy(opts.startRuns);
  }
  if (opts.sweep.length > 0) {
    run.sweep = [];
    for (const customers of opts.sweep) {
      progress(`${db}: sweep, ${customers} customers`);
      const { conversation: c } = await runChatflowConversation(kind, loadShape(opts, customers), timing);
      const point: SweepPoint = {
        customers,
        turnsPerSecond: c.turnsPerSecond,
        p50: c.latencyMs.p50,
        p95: c.latencyMs.p95,
        p99: c.latencyMs.p99,
        errors: c.errors.total,
      };
      run.sweep.push(point);
    }
  }
  return run;
}

function loadShape(opts: BenchOptions, customers: number): LoadShape {
  return {
    customers,
    generators: opts.generators,
    batchSize: opts.batch,
    connectTimeoutMs: 30_000,
    turnTimeoutMs: opts.turnTimeoutMs,
    clientMsgIds: opts.clientMsgIds,
  };
}

function progress(message: string): void {
  console.log(`  [${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}

function describeEnvironment() {
  const run = (command: string, args: string[]) => {
    try {
      return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return "unknown";
    }
  };
  return {
    commit: run("git", ["rev-parse", "HEAD"]),
    node: process.version,
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryMb: Math.round(os.totalmem() / 2 ** 20),
    openFilesLimit: run("sh", ["-c", "ulimit -n"]),
  };
}
