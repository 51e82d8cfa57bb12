import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createBenchDatabase, type DatabaseKind } from "../databases/bench-database.ts";
import type { StormChildMessage, StormCommand, StormOutcome, TalkerSample } from "../load/storm-client.ts";
import { requestChild } from "../process/child-request.ts";
import { forkTracked, stopChild } from "../process/cleanup.ts";
import { round, summarizeLatencies, type LatencySummary } from "../report/stats.ts";
import { startEchoServer } from "../servers/start-echo.ts";
import { assertStillRunning, startChatflow, type RunningServer } from "../servers/start-chatflow.ts";
import { roundSummary, sleep } from "./conversation-load.ts";

const CLIENT = path.join(path.dirname(fileURLToPath(import.meta.url)), "../load/storm-client.ts");

export interface StormShape {
  /** Connections of each storm. @default 1000 */
  customers: number;
  /** Customers already connected, talking at a human pace through it. @default 50 */
  talkers: number;
  /** Each talker sends a line this often. @default 2000 */
  talkerIntervalMs: number;
}

/** One storm: how fast every connection got its frames, and what the talkers saw meanwhile. */
export interface StormFigures {
  connections: number;
  failed: number;
  /** Returning customers given another session or block than they had (resume storms only). */
  wrongSession: number;
  notResumed: number;
  /** Open → end frame of each connection. */
  connectMs: LatencySummary;
  /** First open → last end frame: when every customer was in. */
  allInMs: number;
  /** Talkers' turns that overlapped the storm (sent or answered between its start and its last end frame). */
  talkersMs: LatencySummary;
  talkerErrors: number;
  /** 1-minute load average of the machine when the storm started (the machine is shared). */
  loadAverage: number;
  /**
   * Handshakes the kernel dropped during the storm because the server's accept queue was full
   * (`TcpExtListenOverflows` of /proc/net/netstat, for the whole machine); each costs its
   * customer a one-second retry. `undefined` where the counter cannot be read.
   */
  listenOverflows: number | undefined;
}

export interface StormResult {
  customers: number;
  talkers: number;
  /** The talkers' turns in the quiet seconds before the first storm. */
  quietTalkersMs: LatencySummary;
  /** 1,000 returning customers with their tokens, after a restart: every session resumed. */
  resume: StormFigures;
  /** 1,000 new customers at once: each gets a customer, a session and the greeting. */
  fresh: StormFigures;
  /** The new-customer storm against the bare `ws` echo server, same talkers: the machine's floor. */
  echo: StormFigures;
  loadAverage: { start: number; end: number };
}

const QUIET_MS = 5_000;
const WARMUP_MS = 3_000;
const SETTLE_MS = 2_000;

/**
 * Reconnect and new-customer storms. Seeds `customers` customers, restarts the server (cold
 * caches, as after a deploy), connects the talkers, then lets every seeded customer reconnect
 * at once with its token; then as many new customers at once; then the same new-customer storm
 * against the echo server.
 */
export async function runStorm(kind: DatabaseKind, shape: StormShape): Promise<StormResult> {
  const loadAtStart = currentLoad();
  const database = await createBenchDatabase(kind);
  try {
    const seeder = await startChatflow(database.url);
    let seeded: Extract<StormChildMessage, { type: "seeded" }>;
    const seedClient = forkClient();
    try {
      const command: StormCommand = { type: "seed", wsUrl: seeder.wsUrl, customers: shape.customers, batchSize: 100 };
      seeded = await request(seedClient, command, "seeded", 120_000 + shape.customers * 50);
    } finally {
      await stopChild(seedClient, 2_000);
      await seeder.stop();
    }
    if (seeded.failed > 0) throw new Error(`${seeded.failed} of ${shape.customers} customers could not be seeded`);

    const server = await startChatflow(database.url);
    try {
      const talkers = await startTalkers(server, shape);
      try {
        await sleep(WARMUP_MS);
        const quietFrom = Date.now();
        await sleep(QUIET_MS);
        const quietTo = Date.now();
        const resume = await stormOnce(server, { returning: seeded.credentials, customers: shape.customers });
        await sleep(SETTLE_MS);
        const fresh = await stormOnce(server, { returning: undefined, customers: shape.customers });
        await sleep(SETTLE_MS);
        const report = await request(talkers, { type: "report" }, "report", 10_000);
        assertStillRunning(server, "storm phase");
        const quiet = report.samples.filter((s) => s.at >= quietFrom && s.at + s.latencyMs <= quietTo);
        const echo = await echoStorm(shape);
        return {
          customers: shape.customers,
          talkers: shape.talkers,
          quietTalkersMs: roundSummary(summarizeLatencies(quiet.map((s) => s.latencyMs))),
          resume: figures(resume, report.samples),
          fresh: figures(fresh, report.samples),
          echo,
          loadAverage: { start: loadAtStart, end: currentLoad() },
        };
      } finally {
        await stopChild(talkers, 2_000);
      }
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}

async function echoStorm(shape: StormShape): Promise<StormFigures> {
  // Any frame shape will do: the talkers only look at turn ends.
  const server = await startEchoServer({ framesPerTurn: 4, bytesPerTurn: 800 });
  try {
    const talkers = await startTalkers(server, shape);
    try {
      await sleep(WARMUP_MS);
      const storm = await stormOnce(server, { returning: undefined, customers: shape.customers });
      await sleep(SETTLE_MS);
      const report = await request(talkers, { type: "report" }, "report", 10_000);
      return figures(storm, report.samples);
    } finally {
      await stopChild(talkers, 2_000);
    }
  } finally {
    await server.stop();
  }
}

async function startTalkers(server: RunningServer, shape: StormShape): Promise<ChildProcess> {
  const child = forkClient();
  const command: StormCommand = {
    type: "talkers",
    wsUrl: server.wsUrl,
    customers: shape.talkers,
    intervalMs: shape.talkerIntervalMs,
  };
  const talking = await request(child, command, "talking", 60_000);
  if (talking.connected < shape.talkers) throw new Error(`only ${talking.connected} talkers connected`);
  return child;
}

async function stormOnce(
  server: RunningServer,
  storm: { returning: Extract<StormCommand, { type: "storm" }>["returning"]; customers: number },
): Promise<{ outcome: StormOutcome; loadAverage: number; listenOverflows: number | undefined }> {
  const child = forkClient();
  try {
    const loadAverage = currentLoad();
    const overflowsBefore = listenOverflows();
    const command: StormCommand = { type: "storm", wsUrl: server.wsUrl, ...storm, timeoutMs: 60_000 };
    const { outcome } = await request(child, command, "stormed", 90_000);
    const overflowsAfter = listenOverflows();
    const dropped =
      overflowsBefore === undefined || overflowsAfter === undefined ? undefined : overflowsAfter - overflowsBefore;
    return { outcome, loadAverage, listenOverflows: dropped };
  } finally {
    await stopChild(child, 2_000);
  }
}

/** The kernel's count of handshakes dropped on full accept queues since boot; `undefined` off Linux. */
function listenOverflows(): number | undefined {
  try {
    const lines = fs.readFileSync("/proc/net/netstat", "utf8").split("\n");
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const names = lines[i]!.split(/\s+/);
      const values = lines[i + 1]!.split(/\s+/);
      const at = names.indexOf("ListenOverflows");
      if (names[0] === "TcpExt:" && at > 0) return Number(values[at]);
    }
  } catch {
    // Not Linux, or /proc not mounted: the figure is left out.
  }
  return undefined;
}

function figures(
  { outcome, loadAverage, listenOverflows }: Awaited<ReturnType<typeof stormOnce>>,
  samples: TalkerSample[],
): StormFigures {
  const during = samples.filter((s) => s.at <= outcome.lastAt && s.at + s.latencyMs >= outcome.startedAt);
  return {
    connections: outcome.latenciesMs.length + outcome.failed,
    failed: outcome.failed,
    wrongSession: outcome.wrongSession,
    notResumed: outcome.notResumed,
    connectMs: roundSummary(summarizeLatencies(outcome.latenciesMs)),
    allInMs: round(outcome.lastAt - outcome.startedAt),
    talkersMs: roundSummary(summarizeLatencies(during.map((s) => s.latencyMs))),
    talkerErrors: during.filter((s) => s.error).length,
    loadAverage,
    listenOverflows,
  };
}

function forkClient(): ChildProcess {
  return forkTracked(CLIENT, [], {
    execArgv: ["--disable-warning=ExperimentalWarning"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

/** One command to a storm client and its answer. */
const request = <T extends StormChildMessage["type"]>(
  child: ChildProcess,
  command: StormCommand,
  expected: T,
  ms: number,
) => requestChild<StormChildMessage, T>("storm client", child, command, expected, ms);

const currentLoad = () => round(os.loadavg()[0]!, 2);
