/**
 * chatflow's load benchmark: `npm run bench -- [options]` (see bench/README.md, `--help`).
 * Servers and load generators are child processes; this process orchestrates and reports.
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import { parseBenchOptions } from "./options.ts";
import { cleanUpEverything, installExitHandlers } from "./process/cleanup.ts";
import { drawLatencyChart } from "./report/latency-chart.ts";
import { formatTable } from "./report/print-table.ts";
import type { RunResult } from "./report/run-result.ts";
import { sweepRows, tableRows } from "./report/table-rows.ts";
import { TARGETS } from "./report/targets.ts";
import { fileTimestamp, writeResultFile, writeResultText } from "./report/write-results.ts";
import { runOneDatabase, type RunContext } from "./run-database.ts";

installExitHandlers();
const options = parseBenchOptions(process.argv.slice(2));
const startedAt = new Date();
const environment = describeEnvironment();
const commit = environment.commit.slice(0, 10);
console.log(
  `chatflow bench ${commit}: node ${environment.node}, ${environment.cpus} CPUs, ` +
    `ulimit -n ${environment.openFilesLimit}; db ${options.dbs.join("+")}, phases ${options.phases.join(",")}`,
);

// Other worktrees share this machine: a busy start is worth knowing when reading the figures.
if (environment.loadAverage1m > 0.5) {
  console.log(`  note: load average ${environment.loadAverage1m} before the run: other processes compete for the CPUs`);
}
const context: RunContext = {
  progress: (message) =>
    console.log(`  [${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)} s] ${message}`),
  openFilesLimit: Number(environment.openFilesLimit),
  echo: undefined,
};
const runs: RunResult[] = [];
try {
  for (const db of options.dbs) {
    const run = await runOneDatabase(db, options, context);
    runs.push(run);
    report(run);
  }
  writeResultFile("latest.json", { startedAt, finishedAt: new Date(), environment, options, runs });
  if (runs.some((run) => Object.keys(run.failures).length > 0)) process.exitCode = 1;
} catch (error) {
  console.error(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanUpEverything();
}

function report(run: RunResult): void {
  const file = writeResultFile(`${fileTimestamp(startedAt)}-${run.db}.json`, { startedAt, environment, options, run });
  console.log(`\n${formatTable(`== ${run.db} (${run.storage}, commit ${commit})`, tableRows(run))}`);
  if (run.sweep?.length) {
    console.log(`\n${formatTable(`== ${run.db}: concurrency sweep`, sweepRows(run))}`);
    const subtitle =
      `${run.db}, ${options.seconds} s per level, human pace one line / ${options.paceMs / 1000} s, ` +
      `commit ${commit}, ${startedAt.toISOString().slice(0, 10)}`;
    const series = [
      { label: "closed loop", points: run.sweep, dashed: false },
      { label: "human pace", points: run.paceSweep ?? [], dashed: true },
    ];
    const svg = drawLatencyChart(series, subtitle, TARGETS.turnP99Ms);
    if (runs.length === 1) console.log(`chart: ${writeResultText("latency-vs-concurrency.svg", svg)}`);
    console.log(`chart: ${writeResultText(`latency-vs-concurrency-${run.db}.svg`, svg)}`);
  }
  console.log(`written: ${file}`);
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
    loadAverage1m: Number(os.loadavg()[0]!.toFixed(2)),
  };
}
