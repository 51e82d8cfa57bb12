import fs from "node:fs";
import { createBenchDatabase } from "../databases/bench-database.ts";
import { startChatflow } from "../servers/start-chatflow.ts";

export interface MemoryResult {
  /** `VmRSS` once the server is idle after start (the offline classifiers loaded in the background), MB. */
  idleRssMb: number;
  /** `VmHWM`, the kernel's high-water mark of the RSS, from spawn to idle, MB. */
  startPeakRssMb: number;
  /** Spawn to the first 200 of `/healthz`. */
  msToHealthy: number;
  /** Spawn to the moment the RSS stopped changing (the classifiers' background load done). */
  msToSettled: number;
}

/** Idle once the RSS moved by less than this for `SETTLED_FOR_MS`, and no sooner than `QUIET_AFTER_MS`. */
const SETTLED_WITHIN_KB = 2048;
const SETTLED_FOR_MS = 3000;
/**
 * After healthy, the RSS sits flat for several seconds before V8's memory reducer gives the
 * start's garbage back (~8 s after the server goes quiet, 30–40 MB): a settle rule alone read
 * that plateau as idle in some runs and not in others.
 */
const QUIET_AFTER_MS = 15_000;
const SETTLE_DEADLINE_MS = 60_000;

function readStatusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no ${field} for process ${pid}`);
  return Number(match[1]);
}

/**
 * Memory of a fresh server as `npm start` runs it (same V8 flags), on a fresh `file:` directory:
 * RSS once idle after start, with the offline classifiers loaded, and the peak during start.
 * Nothing connects: the figure is the server's own floor.
 */
export async function runMemory(): Promise<MemoryResult> {
  const database = await createBenchDatabase("pglite");
  try {
    const server = await startChatflow(database.url);
    try {
      const spawnedAt = performance.now() - server.msToHealthy;
      let last = readStatusKb(server.pid, "VmRSS");
      let stableSince = performance.now();
      const healthyAt = performance.now();
      while (performance.now() - stableSince < SETTLED_FOR_MS || performance.now() - healthyAt < QUIET_AFTER_MS) {
        if (performance.now() - spawnedAt > SETTLE_DEADLINE_MS) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
        const now = readStatusKb(server.pid, "VmRSS");
        if (Math.abs(now - last) > SETTLED_WITHIN_KB) stableSince = performance.now();
        last = now;
      }
      const msToSettled = stableSince - spawnedAt;
      const mb = (kb: number) => Math.round(kb / 1024);
      return {
        idleRssMb: mb(readStatusKb(server.pid, "VmRSS")),
        startPeakRssMb: mb(readStatusKb(server.pid, "VmHWM")),
        msToHealthy: Math.round(server.msToHealthy),
        msToSettled: Math.round(msToSettled),
      };
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}
