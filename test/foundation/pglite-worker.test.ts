import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { scheduleMaintenance, type MaintenanceSchedule } from "../../src/storage/pglite-worker/maintenance.ts";
import { PgliteWorker } from "../../src/storage/pglite-worker/pglite-worker.ts";
import type { UpkeepReport } from "../../src/storage/pglite-worker/protocol.ts";
import { DEFAULT_PGLITE_SHARED_BUFFERS, openDatabase, type Database } from "../../src/storage/open-database.ts";

const SELECT_ONE = { sql: "SELECT 1 AS one", args: [], argTypes: [] };

describe("the embedded database's worker thread", () => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it("should fail every pending and later request, and report it, when the thread dies", async () => {
    const worker = new PgliteWorker(() => {}, new URL("./fixtures/dying-worker.mjs", import.meta.url));
    const pending = worker.request({ op: "query", tx: undefined, query: SELECT_ONE });
    await expect(pending).rejects.toThrow(/exited \(code 3\)/);
    expect((await worker.failed).message).toMatch(/exited \(code 3\)/);
    await expect(worker.request({ op: "query", tx: undefined, query: SELECT_ONE })).rejects.toThrow(/exited/);
  });

  it("should refuse requests once it is closing or closed, instead of leaving them unanswered", async () => {
    const closing = await openDatabase({ kind: "pglite-memory" });
    const closed = closing.close();
    // Sent while the close runs, and after it: a thread that is ending answers neither.
    const during = closing.prisma.$queryRaw`SELECT 1`;
    await closed;
    const after = closing.prisma.$queryRaw`SELECT 1`;
    await expect(during).rejects.toThrow(/closed/);
    await expect(after).rejects.toThrow(/closed/);
  });

  it("should carry database errors across as Prisma's known errors", async () => {
    database = await openDatabase({ kind: "pglite-memory" });
    const { prisma } = database;
    await prisma.customer.create({ data: { id: "c1", name: "Ann", tokenHash: "h1" } });
    const repeated = prisma.customer.create({ data: { id: "c1", name: "Ann", tokenHash: "h2" } });
    await expect(repeated).rejects.toMatchObject({ code: "P2002" });
  });

  it("should let a transaction wait for the one holding the connection, and finish, however long that takes", async () => {
    database = await openDatabase({ kind: "pglite-memory" });
    const { prisma } = database;
    // Held past Prisma's defaults (2 s to start a transaction, 5 s to finish it), as a busy
    // machine would hold it: the time here sets up the condition; nothing asserts a duration.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered = () => {};
    const holding = new Promise<void>((resolve) => (entered = resolve));
    const first = prisma.$transaction(async (tx) => {
      await tx.customer.create({ data: { id: "slow", tokenHash: "h5" } });
      entered();
      await held;
    });
    await holding;
    const second = prisma.$transaction((tx) => tx.customer.create({ data: { id: "queued", tokenHash: "h6" } }));
    setTimeout(release, 5500);
    await Promise.all([first, second]);
    expect((await prisma.customer.findMany({ orderBy: { id: "asc" } })).map((c) => c.id)).toEqual(["queued", "slow"]);
  });

  it("should size its buffer pool as asked, and modestly by default", async () => {
    const showSharedBuffers = { sql: "SHOW shared_buffers", args: [], argTypes: [] };
    database = await openDatabase({ kind: "pglite-memory" });
    expect((await database.driver.queryRaw(showSharedBuffers)).rows).toEqual([[DEFAULT_PGLITE_SHARED_BUFFERS]]);
    await database.close();
    database = await openDatabase({ kind: "pglite-memory" }, { pgliteSharedBuffers: "8MB" });
    expect((await database.driver.queryRaw(showSharedBuffers)).rows).toEqual([["8MB"]]);
  });

  it("should keep a transaction's statements together and roll them back together", async () => {
    database = await openDatabase({ kind: "pglite-memory" });
    const { prisma } = database;
    const failing = prisma.$transaction(async (tx) => {
      await tx.customer.create({ data: { id: "c2", name: "Bo", tokenHash: "h3" } });
      throw new Error("changed my mind");
    });
    await expect(failing).rejects.toThrow("changed my mind");
    await prisma.$transaction([prisma.customer.create({ data: { id: "c3", name: "Cy", tokenHash: "h4" } })]);
    expect((await prisma.customer.findMany()).map((c) => c.id)).toEqual(["c3"]);
  });
});

describe("the embedded database's upkeep (PGlite has no autovacuum)", () => {
  it("should analyse a table that changed and vacuum one full of dead rows, on its own", async () => {
    // 3,000 rows: tables under ten pages are left to the planner's defaults.
    const reports: UpkeepReport[] = [];
    const database = await openDatabase(
      { kind: "pglite-memory" },
      { maintenanceIntervalMs: 100, maintenanceFirstRoundMs: 100, onUpkeep: (report) => reports.push(report) },
    );
    try {
      const { prisma } = database;
      await prisma.customer.createMany({
        data: Array.from({ length: 3000 }, (_, i) => ({ id: `c${i}`, tokenHash: `h${i}` })),
      });
      await prisma.customer.updateMany({ data: { name: "renamed" } });
      const upkept = async () => {
        const [row] = await prisma.$queryRaw<{ analyzed: boolean; vacuumed: boolean }[]>`
          SELECT last_analyze IS NOT NULL AS analyzed, last_vacuum IS NOT NULL AS vacuumed
          FROM pg_stat_user_tables WHERE relname = 'Customer'`;
        return row;
      };
      await expect.poll(upkept, { interval: 100 }).toEqual({ analyzed: true, vacuumed: true });
      // The server logs what the thread did.
      const customerWork = reports
        .flatMap((r) => ("tables" in r ? r.tables : []))
        .filter((t) => t.table === "Customer");
      expect(customerWork.map((t) => t.action)).toContain("vacuum");
      expect(reports.filter((r) => "error" in r)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  // One closed database for the schedule's tests (creating one runs initdb: seconds): every
  // round on it fails, and reports so.
  let closed: Promise<PGlite> | undefined;
  async function scheduleOnClosedDatabase(schedule: MaintenanceSchedule) {
    closed ??= PGlite.create().then(async (pglite) => {
      await pglite.close();
      return pglite;
    });
    const reports: unknown[] = [];
    let reported = () => {};
    const firstReport = new Promise<void>((resolve) => (reported = resolve));
    const upkeep = scheduleMaintenance(await closed, schedule, (outcome) => {
      reports.push(outcome);
      reported();
    });
    return { reports, upkeep, firstReport };
  }

  it("should report a round that fails instead of dropping it", async () => {
    const { reports, upkeep, firstReport } = await scheduleOnClosedDatabase({ intervalMs: 1e9, firstRoundAfterMs: 0 });
    await firstReport;
    await upkeep.stop();
    expect(reports).toEqual([{ error: expect.any(Error) }]);
  });

  it("should leave the database to the start's own queries until the first round is due", async () => {
    const { reports, upkeep } = await scheduleOnClosedDatabase({ intervalMs: 1e9, firstRoundAfterMs: 1e9 });
    await new Promise((resolve) => setImmediate(resolve));
    await upkeep.stop();
    expect(reports).toEqual([]);
  });

  it("should analyse, after a restart, a table filled before it (PGlite forgets its change counts)", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chatflow-upkeep-"));
    try {
      const filling = await openDatabase({ kind: "pglite", dataDir }, { maintenanceIntervalMs: 1e9 });
      await filling.prisma.customer.createMany({
        data: Array.from({ length: 3000 }, (_, i) => ({ id: `c${i}`, tokenHash: `h${i}` })),
      });
      await filling.close();
      const reopened = await openDatabase(
        { kind: "pglite", dataDir },
        { maintenanceIntervalMs: 1e9, maintenanceFirstRoundMs: 0 },
      );
      try {
        const estimate = () =>
          reopened.prisma.$queryRaw<{ rows: number }[]>`
            SELECT reltuples::int AS rows FROM pg_class WHERE relname = 'Customer'`.then((rows) => rows[0]?.rows);
        await expect.poll(estimate, { interval: 100 }).toBe(3000);
      } finally {
        await reopened.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
