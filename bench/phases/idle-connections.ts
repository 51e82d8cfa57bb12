import { createBenchDatabase, type DatabaseKind } from "../databases/bench-database.ts";
import { GeneratorFleet, type LoadShape } from "../load/generator-fleet.ts";
import { round } from "../report/stats.ts";
import { readRssKb } from "../servers/rss.ts";
import { startChatflow } from "../servers/start-chatflow.ts";
import { sleep } from "./conversation-load.ts";

export interface IdleResult {
  requested: number;
  connected: number;
  failed: number;
  connectSeconds: number;
  connectionsPerSecond: number;
  generators: number;
  serverRssMb: { before: number; after: number };
  kbPerConnection: number;
  /** Set when `ulimit -n` is too low for the server to hold every connection. */
  fileDescriptorWarning?: string;
}

/** Connections one generator process holds at most, well under any sane `ulimit -n`. */
const CONNECTIONS_PER_GENERATOR = 5_000;
/** Time for the server to settle (GC, buffers) before RSS is read. */
const SETTLE_MS = 3_000;

/**
 * Memory per idle connection: a fresh server's RSS, then N full /chat connections (each gets its
 * customer, session and greeting, then stays silent), RSS again; the difference divided by N.
 */
export async function runIdleConnections(
  kind: DatabaseKind,
  shape: Omit<LoadShape, "customers" | "generators">,
  idle: number,
  openFilesLimit: number,
): Promise<IdleResult> {
  const database = await createBenchDatabase(kind);
  try {
    const server = await startChatflow(database.url);
    try {
      await sleep(SETTLE_MS);
      const before = readRssKb(server.pid) ?? NaN;
      const generators = Math.ceil(idle / CONNECTIONS_PER_GENERATOR);
      const { fleet, connect } = await GeneratorFleet.connect(server.wsUrl, { ...shape, customers: idle, generators });
      try {
        await sleep(SETTLE_MS);
        const after = readRssKb(server.pid) ?? NaN;
        return {
          requested: idle,
          connected: connect.connected,
          failed: connect.failed,
          connectSeconds: round(connect.connectMs / 1000, 2),
          connectionsPerSecond: round(connect.connected / (connect.connectMs / 1000)),
          generators,
          serverRssMb: { before: round(before / 1024), after: round(after / 1024) },
          kbPerConnection: round((after - before) / Math.max(1, connect.connected), 2),
          ...(openFilesLimit < idle + 1_000
            ? { fileDescriptorWarning: `ulimit -n is ${openFilesLimit}: too low for ${idle} connections to one server` }
            : {}),
        };
      } finally {
        await fleet.close();
      }
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}
