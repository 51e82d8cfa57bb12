import pg from "pg";
import type { DatabaseTarget } from "../../src/config/database-target.ts";
import { applyMigrations } from "../../src/storage/apply-migrations.ts";
import { openDatabase, type Database } from "../../src/storage/open-database.ts";

/** PostgreSQL for the tests that need it, or `undefined` (the caller skips and says why). */
export const TEST_DATABASE_URL = process.env["TEST_DATABASE_URL"] || undefined;

/** Why there is none: the reason test/utils/find-local-services.ts found, or the bare fact. */
export const POSTGRES_SKIP_REASON = `${process.env["TEST_POSTGRES_SKIPPED"] ?? "TEST_DATABASE_URL is not set"}: PostgreSQL tests skipped`;

/** A fresh, empty PostgreSQL database for one test file; `drop()` removes it. */
export async function createPostgresDatabase(): Promise<{
  target: DatabaseTarget;
  url: string;
  drop(): Promise<void>;
}> {
  if (!TEST_DATABASE_URL) throw new Error(POSTGRES_SKIP_REASON);
  const name = `chatflow_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    target: { kind: "postgres", url: url.toString() },
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** The database kinds every storage test runs on: always PGlite, PostgreSQL when available. */
export const STORAGE_KINDS = TEST_DATABASE_URL ? (["pglite", "postgres"] as const) : (["pglite"] as const);

if (!TEST_DATABASE_URL) console.warn(`[chatflow tests] ${POSTGRES_SKIP_REASON}`);

/**
 * A migrated, empty database of `kind` (PGlite in memory, or a fresh PostgreSQL one) holding
 * flow version 1, for tests of the storage queries; what closes and drops it goes to `cleanups`.
 */
export async function openStorageDatabase(
  kind: "pglite" | "postgres",
  cleanups: Array<() => Promise<void>>,
): Promise<Database> {
  let target: DatabaseTarget = { kind: "pglite-memory" };
  if (kind === "postgres") {
    const created = await createPostgresDatabase();
    cleanups.push(() => created.drop());
    target = created.target;
  }
  const database = await openDatabase(target);
  cleanups.unshift(() => database.close());
  await applyMigrations(database);
  await database.prisma.flowConfig.create({
    data: { version: 1, name: "f", checksum: "x", source: "{}", sourceType: "json", definition: "{}" },
  });
  return database;
}
