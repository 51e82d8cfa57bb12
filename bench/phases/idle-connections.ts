import { createBenchDatabase, type DatabaseKind } from "../databases/bench-database.ts";
import { GeneratorFleet, type LoadShape } from "../load/generator-fleet.ts";
import { round } from "../report/stats.ts";
import { connectInspector, type InspectorProbe } from "../servers/inspector-probe.ts";
import { freePort } from "../servers/ports.ts";
import { readRssKb } from "../servers/rss.ts";
import { assertStillRunning, startChatflow } from "../servers/start-chatflow.ts";
import { sleep } from "./conversation-load.ts";

export interface IdleResult {
  requested: number;
  connected: number;
  failed: number;
  connectSeconds: number;
  connectionsPerSecond: number;
  generators: number;
  /** Connections opened before the "before" reading, so one-time costs (code, caches) are excluded. */
  warmUpConnections: number;
  serverRssMb: { before: number; after: number };
  serverHeapUsedMb: { before: number; after: number };
  /** RSS difference ÷ connections: the figure with the target. */
  kbPerConnection: number;
  /** V8 heap difference ÷ connections: the JavaScript part of it. */
  heapKbPerConnection: number;
  /** Set when `ulimit -n` is too low for the server to hold every connection. */
  fileDescriptorWarning?: string;
}

/** Connections one generator process holds at most, well under any sane `ulimit -n`. */
const CONNECTIONS_PER_GENERATOR = 5_000;

/**
 * Memory per idle connection. A server started with the inspector; a few warm-up connections;
 * full GC, RSS and heap; N more full /chat connections (each gets a customer, a session and a
 * greeting, then stays silent); full GC, RSS and heap again; the differences ÷ N.
 */
export async function runIdleConnections(
  kind: DatabaseKind,
  shape: Omit<LoadShape, "customers" | "generators">,
  idle: number,
  openFilesLimit: number,
): Promise<IdleResult> {
  const database = await createBenchDatabase(kind);
  const warmUpConnections = Math.min(100, Math.ceil(idle / 10));
  try {
    const inspectPort = await freePort();
    const server = await startChatflow(database.url, { inspectPort });
    const probe = await connectInspector(inspectPort);
    const fleets: GeneratorFleet[] = [];
    try {
      return await measure();
    } catch (error) {
      assertStillRunning(server, "idle phase");
      throw error;
    } finally {
      probe.close();
      for (const fleet of fleets) await fleet.close();
      await server.stop();
    }
    async function measure(): Promise<IdleResult> {
      const warmUp = await GeneratorFleet.connect(server.wsUrl, {
        ...shape,
        customers: warmUpConnections,
        generators: 1,
      });
      fleets.push(warmUp.fleet);
      const before = await settledMemory(probe, server.pid);
      const generators = Math.ceil(idle / CONNECTIONS_PER_GENERATOR);
      const { fleet, connect } = await GeneratorFleet.connect(server.wsUrl, { ...shape, customers: idle, generators });
      fleets.push(fleet);
      const after = await settledMemory(probe, server.pid);
      const perConnection = (bytes: number) => round(bytes / 1024 / Math.max(1, connect.connected), 2);
      return {
        requested: idle,
        connected: connect.connected,
        failed: connect.failed,
        connectSeconds: round(connect.connectMs / 1000, 2),
        connectionsPerSecond: round(connect.connected / (connect.connectMs / 1000)),
        generators,
        warmUpConnections,
        serverRssMb: { before: round(before.rss / 2 ** 20), after: round(after.rss / 2 ** 20) },
        serverHeapUsedMb: { before: round(before.heapUsed / 2 ** 20), after: round(after.heapUsed / 2 ** 20) },
        kbPerConnection: perConnection(after.rss - before.rss),
        heapKbPerConnection: perConnection(after.heapUsed - before.heapUsed),
        ...(openFilesLimit < idle + 1_000
          ? { fileDescriptorWarning: `ulimit -n is ${openFilesLimit}: too low for ${idle} connections to one server` }
          : {}),
      };
    }
  } finally {
    await database.drop();
  }
}

/** Two full GCs a second apart (the second catches what the first freed late), then the readings. */
async function settledMemory(probe: InspectorProbe, pid: number): Promise<{ rss: number; heapUsed: number }> {
  await sleep(1_000);
  await probe.collectGarbage();
  await sleep(1_000);
  await probe.collectGarbage();
  const usage = await probe.memoryUsage();
  return { rss: (readRssKb(pid) ?? NaN) * 1024, heapUsed: usage.heapUsed };
}
