import { createBenchDatabase } from "../databases/bench-database.ts";
import { round } from "../report/stats.ts";
import { startChatflow } from "../servers/start-chatflow.ts";

export interface StartResult {
  /** Milliseconds from spawn to the first 200 of /healthz, every run. */
  freshDirMs: number[];
  existingDirMs: number[];
  bestFreshMs: number;
  bestExistingMs: number;
}

/**
 * Start to healthy with the embedded database: `runs` starts on a fresh directory each (migrations,
 * default flow), then `runs` restarts on a directory that already holds data.
 */
export async function runStartToHealthy(runs: number): Promise<StartResult> {
  const freshDirMs: number[] = [];
  const existingDirMs: number[] = [];
  const kept = await createBenchDatabase("pglite");
  try {
    for (let i = 0; i < runs; i++) {
      const database = i === 0 ? kept : await createBenchDatabase("pglite");
      try {
        const server = await startChatflow(database.url);
        freshDirMs.push(round(server.msToHealthy));
        await server.stop();
      } finally {
        if (database !== kept) await database.drop();
      }
    }
    for (let i = 0; i < runs; i++) {
      const server = await startChatflow(kept.url);
      existingDirMs.push(round(server.msToHealthy));
      await server.stop();
    }
  } finally {
    await kept.drop();
  }
  return {
    freshDirMs,
    existingDirMs,
    bestFreshMs: Math.min(...freshDirMs),
    bestExistingMs: Math.min(...existingDirMs),
  };
}
