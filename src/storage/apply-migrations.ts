import { createHash } from "node:crypto";
import pg from "pg";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import type { Database } from "./open-database.ts";
import { readMigrations, MIGRATIONS_DIR } from "./migrations-on-disk.ts";

// Our own key, not the schema engine's: both locks are held by different connections,
// so sharing a key would make the engine wait on us forever.
const MIGRATION_LOCK_KEY = 7_240_311_001;

/**
 * Applies `prisma/migrations` the way `prisma migrate deploy` does (same `_prisma_migrations`
 * bookkeeping), offline. On PostgreSQL an advisory lock makes instances that start together
 * take turns, so the schema is migrated once.
 */
export async function applyMigrations(database: Database, baseDir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = readMigrations(baseDir);
  if (await allApplied(database, migrations)) return [];
  const run = async () => {
    // Loaded only when there is something to do: the engine costs a start a few hundred ms.
    const { NO_FILTER, openSchemaEngine } = await import("./schema-engine.ts");
    const adapter = database.migrationAdapter();
    const engine = await openSchemaEngine(adapter.factory);
    try {
      const result = await engine.applyMigrations({ migrationsList: migrations, filters: NO_FILTER });
      return result.appliedMigrationNames;
    } finally {
      engine.free();
      await adapter.release();
    }
  };
  if (database.target.kind !== "postgres") return run();
  return withAdvisoryLock(database.target.url, run);
}

/**
 * Whether `_prisma_migrations` records every migration on disk as finished, with the checksum
 * of the file as it is now (what `migrate deploy` would find: nothing to do). Anything else
 * (no table yet, a pending, failed or edited migration) is left to the schema engine.
 */
async function allApplied(database: Database, migrations: MigrationList): Promise<boolean> {
  let finished: Map<unknown, unknown>;
  try {
    const { rows } = await database.driver.queryRaw({
      sql: `SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      args: [],
      argTypes: [],
    });
    finished = new Map(rows.map(([name, checksum]) => [name, checksum]));
  } catch {
    return false;
  }
  return migrations.migrationDirectories.every(({ path, migrationFile }) => {
    if (migrationFile.content.tag !== "ok") return false;
    return finished.get(path) === createHash("sha256").update(migrationFile.content.value).digest("hex");
  });
}

async function withAdvisoryLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    return await work();
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}
