import fs from "node:fs";
import WebSocket from "ws";
import { createBenchDatabase } from "../databases/bench-database.ts";
import { startChatflow, type RunningServer } from "../servers/start-chatflow.ts";

export interface MemoryResult {
  /** `VmRSS` once the server is idle after start, nobody connected (the offline classifiers not loaded), MB. */
  idleRssMb: number;
  /** `VmHWM`, the kernel's high-water mark of the RSS, from spawn to idle, MB. */
  startPeakRssMb: number;
  /** `VmRSS` once idle again after one conversation opened (which loads the offline classifiers) and one line was classified, MB. */
  loadedIdleRssMb: number;
  /** `VmHWM` from spawn to then: the start and the classifiers' load, MB. */
  loadedPeakRssMb: number;
  /** `VmRSS` once idle after the classifiers were unloaded for lack of use, MB. */
  unloadedIdleRssMb: number;
  /** Spawn to the first 200 of `/healthz`. */
  msToHealthy: number;
  /** Spawn to the moment the RSS stopped changing after start. */
  msToSettled: number;
  /** The conversation's opening to the classifiers loaded (`chatflow_ai_offline_models_loaded` 1). */
  msToLoaded: number;
}

/** Idle once the RSS moved by less than this for `SETTLED_FOR_MS`, and no sooner than `QUIET_AFTER_MS`. */
const SETTLED_WITHIN_KB = 2048;
const SETTLED_FOR_MS = 3000;
/**
 * After a burst of work, the RSS sits flat for several seconds before V8's memory reducer gives
 * the garbage back (~8 s after the server goes quiet, 30–40 MB): a settle rule alone read that
 * plateau as idle in some runs and not in others.
 */
const QUIET_AFTER_MS = 15_000;
const SETTLE_DEADLINE_MS = 60_000;
/**
 * `OFFLINE_CLASSIFIERS_IDLE_SECONDS` of the measured server: long enough for the loaded figure
 * to settle first (15 s quiet at least), short enough for the phase.
 */
const UNLOAD_AFTER_SECONDS = 30;

function readStatusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no ${field} for process ${pid}`);
  return Number(match[1]);
}

const mb = (kb: number) => Math.round(kb / 1024);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the RSS moved by under 2 MB for 3 s, no sooner than 15 s after `since`; returns when it settled. */
async function settle(pid: number, since: number): Promise<number> {
  let last = readStatusKb(pid, "VmRSS");
  let stableSince = performance.now();
  while (performance.now() - stableSince < SETTLED_FOR_MS || performance.now() - since < QUIET_AFTER_MS) {
    if (performance.now() - since > SETTLE_DEADLINE_MS) break;
    await pause(250);
    const now = readStatusKb(pid, "VmRSS");
    if (Math.abs(now - last) > SETTLED_WITHIN_KB) stableSince = performance.now();
    last = now;
  }
  return stableSince;
}

/** The server's gauge of the offline classifiers: 1 loaded, 0 not. */
async function modelsLoaded(server: RunningServer): Promise<boolean> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  return /^chatflow_ai_offline_models_loaded 1$/m.test(text);
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + SETTLE_DEADLINE_MS + UNLOAD_AFTER_SECONDS * 1000;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`memory phase: ${what} did not happen`);
    await pause(100);
  }
}

/**
 * One customer opens a conversation, gets its greeting, says one line the classifiers have not
 * seen (not among the shipped vectors, so the encoder runs) and gets the answer, then leaves.
 */
async function openConversation(server: RunningServer): Promise<void> {
  const socket = new WebSocket(`${server.wsUrl}/chat`);
  await new Promise<void>((resolve, reject) => {
    let asked = false;
    socket.on("message", (data: Buffer) => {
      const frame = JSON.parse(data.toString("utf8")) as { type?: string; sender?: string };
      if (!asked && frame.type === "waiting") {
        asked = true;
        socket.send(
          JSON.stringify({ type: "message", text: "could you tell me if my trip to Lisbon needs an umbrella" }),
        );
      } else if (asked && frame.type === "message" && frame.sender === "bot") resolve();
    });
    socket.once("error", reject);
  });
  socket.close();
}

/**
 * Memory of a fresh server as `npm start` runs it (same V8 flags), on a fresh `file:` directory:
 * RSS once idle after start with nobody connected and the peak during start; then one customer
 * opens a conversation, which loads the offline classifiers, and says one line, and the RSS once
 * idle again (issue 22's figure); then, the classifiers unloaded for lack of use, the RSS once more.
 */
export async function runMemory(): Promise<MemoryResult> {
  const database = await createBenchDatabase("pglite");
  try {
    const server = await startChatflow(database.url, {
      env: { OFFLINE_CLASSIFIERS_IDLE_SECONDS: String(UNLOAD_AFTER_SECONDS) },
    });
    try {
      const spawnedAt = performance.now() - server.msToHealthy;
      const settledAt = await settle(server.pid, performance.now());
      if (await modelsLoaded(server)) throw new Error("memory phase: the classifiers loaded before any conversation");
      const idleRssMb = mb(readStatusKb(server.pid, "VmRSS"));
      const startPeakRssMb = mb(readStatusKb(server.pid, "VmHWM"));

      const openedAt = performance.now();
      await openConversation(server);
      await until(() => modelsLoaded(server), "loading the classifiers after a conversation opened");
      const msToLoaded = Math.round(performance.now() - openedAt);
      await settle(server.pid, openedAt);
      if (!(await modelsLoaded(server))) throw new Error("memory phase: the classifiers unloaded before they settled");
      const loadedIdleRssMb = mb(readStatusKb(server.pid, "VmRSS"));
      const loadedPeakRssMb = mb(readStatusKb(server.pid, "VmHWM"));

      await until(async () => !(await modelsLoaded(server)), "unloading the idle classifiers");
      await settle(server.pid, performance.now());
      return {
        idleRssMb,
        startPeakRssMb,
        loadedIdleRssMb,
        loadedPeakRssMb,
        unloadedIdleRssMb: mb(readStatusKb(server.pid, "VmRSS")),
        msToHealthy: Math.round(server.msToHealthy),
        msToSettled: Math.round(settledAt - spawnedAt),
        msToLoaded,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}
