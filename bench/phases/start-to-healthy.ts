import { createBenchDatabase } from "../databases/bench-database.ts";
import { round } from "../report/stats.ts";
import { startChatflow } from "../servers/start-chatflow.ts";

export interface StartResult {
  /** Milliseconds from spawn to the first 200 of /healthz, every run. */
  freshDirMs: number[];
  existingDirMs: number[];
  bestFreshMs: number;
  bestExistingMs: number;
  /** Milliseconds of the first GraphQL request right after healthy (GraphQL loads on it), every run. */
  firstGraphqlMs: number[];
}

/**
 * Start to healthy with the embedded database: `runs` starts on a fresh directory each (migrations,
 * default flow), then `runs` restarts on a directory that already holds data.
 */
export async function runStartToHealthy(runs: number): Promise<StartResult> {
  const freshDirMs: number[] = [];
  const existingDirMs: number[] = [];
  const firstGraphqlMs: number[] = [];
  const startAndAsk = async (url: string) => {
    const server = await startChatflow(url);
    try {
      firstGraphqlMs.push(round(await timeFirstGraphqlRequest(server.baseUrl)));
      return server.msToHealthy;
    } finally {
      await server.stop();
    }
  };
  const kept = await createBenchDatabase("pglite");
  try {
    for (let i = 0; i < runs; i++) {
      const database = i === 0 ? kept : await createBenchDatabase("pglite");
      try {
        freshDirMs.push(round(await startAndAsk(database.url)));
      } finally {
        if (database !== kept) await database.drop();
      }
    }
    for (let i = 0; i < runs; i++) {
      existingDirMs.push(round(await startAndAsk(kept.url)));
    }
  } finally {
    await kept.drop();
  }
  return {
    freshDirMs,
    existingDirMs,
    bestFreshMs: Math.min(...freshDirMs),
    bestExistingMs: Math.min(...existingDirMs),
    firstGraphqlMs,
  };
}

async function timeFirstGraphqlRequest(baseUrl: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ __typename }" }),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`the first GraphQL request got ${response.status}: ${body}`);
  return performance.now() - started;
}
