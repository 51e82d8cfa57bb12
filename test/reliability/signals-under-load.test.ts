import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DatabaseTarget } from "../../src/config/database-target.ts";
import { openDatabase } from "../../src/storage/open-database.ts";
import { botTexts, ChatClient } from "../utils/chat-client.ts";
import { ChatLoad, ECHO_FLOW, missingFrom } from "../utils/chat-load.ts";
import { recordCounts } from "../utils/reliability-counts.ts";
import { HANG_MS } from "../utils/patience.ts";
import { spawnServer, unhandledLines, type SpawnedServer } from "../utils/spawn-server.ts";
import { createPostgresDatabase, POSTGRES_SKIP_REASON, TEST_DATABASE_URL } from "../utils/test-database.ts";

if (!TEST_DATABASE_URL) console.warn(`[chatflow tests] ${POSTGRES_SKIP_REASON} (signals on PostgreSQL)`);
const KINDS = TEST_DATABASE_URL ? (["pglite", "postgres"] as const) : (["pglite"] as const);
const CUSTOMERS = 40;
const SHUTDOWN_LIMIT_MS = 10_000;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "chatflow-signals-"));
const flowFile = path.join(scratch, "echo.json");
fs.writeFileSync(flowFile, JSON.stringify(ECHO_FLOW));
const started: SpawnedServer[] = [];
const cleanups: Array<() => Promise<void>> = [];
const tally = {
  SIGTERM: { tried: 0, crashes: 0, unhandled: 0, missing: 0, acknowledged: 0, exitMs: 0 },
  SIGKILL: { tried: 0, crashes: 0, unhandled: 0, missing: 0, acknowledged: 0, exitMs: 0 },
};

afterAll(async () => {
  for (const server of started) await server.ensureStopped();
  for (const cleanup of cleanups) await cleanup();
  fs.rmSync(scratch, { recursive: true, force: true });
  for (const [signal, t] of Object.entries(tally)) {
    await recordCounts(signal, {
      tried: t.tried,
      crashes: t.crashes,
      unhandledRejections: t.unhandled,
      acknowledgedMissing: t.missing,
      details: { acknowledgedChecked: t.acknowledged, slowestExitMs: Math.round(t.exitMs), databases: KINDS.join("+") },
    });
  }
});

/** A fresh place for the data: a PGlite directory or a PostgreSQL database. */
async function freshData(kind: "pglite" | "postgres"): Promise<{ url: string; target: DatabaseTarget }> {
  if (kind === "pglite") {
    const dataDir = fs.mkdtempSync(path.join(scratch, "data-"));
    return { url: `file:${dataDir}`, target: { kind: "pglite", dataDir } };
  }
  const database = await createPostgresDatabase();
  cleanups.push(() => database.drop());
  return { url: database.url, target: database.target };
}

async function serve(databaseUrl: string): Promise<SpawnedServer> {
  const server = await spawnServer({ DATABASE_URL: databaseUrl, FLOW_FILE: flowFile });
  started.push(server);
  return server;
}

/** Every message id stored, read straight from the data after the server has gone. */
async function storedIds(target: DatabaseTarget): Promise<string[]> {
  const database = await openDatabase(target);
  try {
    return (await database.prisma.message.findMany({ select: { id: true } })).map((m) => m.id);
  } finally {
    await database.close();
  }
}

/** Every message id of the customers, read through a server's history API. */
async function historyIds(server: SpawnedServer, customerIds: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const customerId of customerIds) {
    let before: string | null = null;
    do {
      const query = new URLSearchParams({ customerId, limit: "500", ...(before ? { before } : {}) });
      const response = await fetch(`${server.url}/message/list?${query}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as { messages: { id: string }[]; nextCursor: string | null };
      ids.push(...page.messages.map((m) => m.id));
      before = page.nextCursor;
    } while (before);
  }
  return ids;
}

/** Runs a load against a fresh server, sends `signal` mid-load, and waits for the exit. */
async function signalUnderLoad(databaseUrl: string, signal: "SIGTERM" | "SIGKILL") {
  const server = await serve(databaseUrl);
  const load = await ChatLoad.connect(server.wsUrl, CUSTOMERS);
  load.markEpoch();
  load.start(0);
  // Mid-load by events, not by the clock: on a busy machine 1.2 s was sometimes no turn at all.
  await load.untilEveryoneSucceeded(2, HANG_MS);
  const sent = performance.now();
  server.kill(signal);
  const exit = await Promise.race([
    server.exited,
    new Promise<undefined>((resolve) => setTimeout(resolve, SHUTDOWN_LIMIT_MS + 2000)),
  ]);
  const exitMs = performance.now() - sent;
  await load.stop();
  load.close();
  const t = tally[signal];
  t.tried++;
  t.exitMs = Math.max(t.exitMs, exitMs);
  t.acknowledged += load.acknowledged.size;
  t.unhandled += unhandledLines(server.output()).length;
  return { server, load, exit, exitMs };
}

describe.each(KINDS)("signals under the load of %i customers on %s", (kind) => {
  it("should exit 0 within 10 s on SIGTERM with every acknowledged message stored", async () => {
    const data = await freshData(kind);
    const { server, load, exit, exitMs } = await signalUnderLoad(data.url, "SIGTERM");
    const clean = exit?.code === 0 && exitMs < SHUTDOWN_LIMIT_MS;
    if (!clean) tally.SIGTERM.crashes++;
    expect(exit, server.output()).toEqual({ code: 0, signal: null });
    expect(exitMs).toBeLessThan(SHUTDOWN_LIMIT_MS);
    expect(load.counts.succeeded).toBeGreaterThan(CUSTOMERS);
    expect(load.counts.unanswered).toBe(0);
    const missing = missingFrom(load.acknowledged, await storedIds(data.target));
    tally.SIGTERM.missing += missing.length;
    expect(missing).toEqual([]);
    expect(unhandledLines(server.output())).toEqual([]);
  });

  it("should lose nothing acknowledged on SIGKILL and start again on the same data", async () => {
    const data = await freshData(kind);
    const { server, load, exit } = await signalUnderLoad(data.url, "SIGKILL");
    expect(exit).toEqual({ code: null, signal: "SIGKILL" });
    expect(load.counts.succeeded).toBeGreaterThan(CUSTOMERS);
    expect(load.counts.unanswered).toBe(0);
    let restarted: SpawnedServer;
    try {
      restarted = await serve(data.url);
    } catch (error) {
      tally.SIGKILL.crashes++;
      throw error;
    }
    const missing = missingFrom(
      load.acknowledged,
      await historyIds(
        restarted,
        load.customers.map((c) => c.customerId),
      ),
    );
    tally.SIGKILL.missing += missing.length;
    expect(missing).toEqual([]);
    // A customer carries on where the server stopped answering.
    const { customerId, token, sessionId } = load.customers[0]!;
    const resumed = await ChatClient.open(restarted.wsUrl, { customerId, token });
    expect(await resumed.turn()).toEqual([
      expect.objectContaining({ type: "session", sessionId, resumed: true }),
      expect.objectContaining({ type: "waiting", blockId: "listen" }),
    ]);
    expect(botTexts(await resumed.say("still there?"))).toEqual(["You said still there?"]);
    resumed.close();
    restarted.kill("SIGTERM");
    expect(await restarted.exited).toEqual({ code: 0, signal: null });
    tally.SIGKILL.unhandled += unhandledLines(restarted.output()).length;
    expect(unhandledLines(server.output() + restarted.output())).toEqual([]);
  });
});
