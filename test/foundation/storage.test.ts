import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { DatabaseTarget } from "../../src/config/database-target.ts";
import { applyMigrations } from "../../src/storage/apply-migrations.ts";
import { openDatabase } from "../../src/storage/open-database.ts";
import { createPostgresDatabase, STORAGE_KINDS, TEST_DATABASE_URL } from "../utils/test-database.ts";
import { skipNote } from "../utils/skip-note.ts";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function freshTarget(kind: "pglite" | "postgres"): Promise<DatabaseTarget> {
  if (kind === "pglite") return { kind: "pglite", dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "chatflow-pglite-")) };
  const database = await createPostgresDatabase();
  cleanups.push(() => database.drop());
  return database.target;
}

describe.each(STORAGE_KINDS)("storage on %s", (kind) => {
  it(`should bring an empty ${kind} database to the latest migration once and then apply nothing`, async () => {
    console.info(`[storage] running on ${kind}`);
    const database = await openDatabase(await freshTarget(kind));
    const onDisk = fs.readdirSync("prisma/migrations").filter((name) => !name.endsWith(".toml"));
    const applied = await applyMigrations(database);
    // A new embedded database may start from the install's migrated template.
    if (kind === "postgres") expect(applied).toEqual(onDisk);
    const rows = await database.prisma.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`;
    expect(rows.map((row) => row.migration_name)).toEqual(onDisk);
    expect(await applyMigrations(database)).toEqual([]);
    await database.close();
  });

  it("should keep every row across a close and a reopen", async () => {
    const target = await freshTarget(kind);
    const first = await openDatabase(target);
    await applyMigrations(first);
    await first.prisma.customer.create({ data: { id: "ada", name: "Ada", tokenHash: "h" } });
    await first.close();
    const second = await openDatabase(target);
    expect(await applyMigrations(second)).toEqual([]);
    expect(await second.prisma.customer.findUnique({ where: { id: "ada" } })).toMatchObject({ name: "Ada" });
    await second.close();
  });

  it("should apply a migration added after the database was migrated, and only that one", async () => {
    // Starts skip the schema engine when every migration on disk is recorded as finished with
    // its checksum: a new folder must still reach the engine.
    const migrations = fs.mkdtempSync(path.join(os.tmpdir(), "chatflow-migrations-"));
    cleanups.push(async () => fs.rmSync(migrations, { recursive: true, force: true }));
    fs.cpSync("prisma/migrations", migrations, { recursive: true });
    const database = await openDatabase(await freshTarget(kind));
    try {
      await applyMigrations(database, migrations);
      expect(await applyMigrations(database, migrations)).toEqual([]);
      fs.mkdirSync(path.join(migrations, "29990101000000_later"));
      fs.writeFileSync(
        path.join(migrations, "29990101000000_later", "migration.sql"),
        `CREATE TABLE "Later" ("id" TEXT PRIMARY KEY);`,
      );
      expect(await applyMigrations(database, migrations)).toEqual(["29990101000000_later"]);
      expect(await applyMigrations(database, migrations)).toEqual([]);
      const [row] = await database.prisma.$queryRaw<{ present: boolean }[]>`
        SELECT to_regclass('"Later"') IS NOT NULL AS present`;
      expect(row?.present).toBe(true);
    } finally {
      await database.close();
    }
  });
});

describe.skipIf(!TEST_DATABASE_URL)(
  `migrations on one PostgreSQL from two instances${skipNote({ postgres: true })}`,
  () => {
    it("should migrate the schema once when two instances start at the same moment", async () => {
      const { target } = await createPostgresDatabase().then((database) => {
        cleanups.push(() => database.drop());
        return database;
      });
      const [a, b] = await Promise.all([openDatabase(target), openDatabase(target)]);
      const [appliedA, appliedB] = await Promise.all([applyMigrations(a), applyMigrations(b)]);
      expect([...appliedA, ...appliedB]).toHaveLength(appliedA.length + appliedB.length);
      expect(appliedA.length === 0 || appliedB.length === 0).toBe(true);
      const rows = await a.prisma.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM _prisma_migrations`;
      expect(Number(rows[0]?.n)).toBe(Math.max(appliedA.length, appliedB.length));
      await Promise.all([a.close(), b.close()]);
    });

    it("should outlive PostgreSQL dropping an idle pooled connection after Prisma let go of the pool", async () => {
      const { target, url } = await createPostgresDatabase().then((database) => {
        cleanups.push(() => database.drop());
        return database;
      });
      let told: (error: Error) => void = () => {};
      const dropped = new Promise<Error>((resolve) => (told = resolve));
      const database = await openDatabase(target, { onPoolError: (error) => told(error) });
      await database.prisma.$queryRaw`SELECT 1`;
      // As close() does first: both of Prisma's adapter connections stop listening to the pool
      // (the driver is typed as what the group commit needs; on PostgreSQL it is the adapter).
      await database.prisma.$disconnect();
      await (database.driver as unknown as { dispose(): Promise<void> }).dispose();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
      );
      await admin.end();
      // Without a listener of its own the pool's "error" would be an uncaught exception here.
      expect(await dropped).toMatchObject({ code: "57P01" });
      await database.close();
    });
  },
);
