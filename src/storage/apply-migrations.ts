import pg from "pg";
import type { Database } from "./open-database.ts";
import { readMigrations, MIGRATIONS_DIR } from "./migrations-on-disk.ts";
import { NO_FILTER, openSchemaEngine } from "./schema-engine.ts";

// Our own key, not the schema engine's: both locks are held by different connections,
// so sharing a key would make the engine wait on us forever.
const MIGRATION_LOCK_KEY = 7_240_311_001;

/**
 * Applies `prisma/migrations` the way `prisma migrate deploy` does (same `_prisma_migrations`
 * bookkeeping), offline. On PostgreSQL an advisory lock makes instances that start together
 * take turns, so the schema is migrated once.
 */
export async function applyMigrations(database: Database, baseDir = MIGRATIONS_DIR): Promise<string[]> {
  const run = async () => {
    const adapter = database.migrationAdapter();
    const engine = await openSchemaEngine(adapter.factory);
    try {
      const result = await engine.applyMigrations({ migrationsList: readMigrations(baseDir), filters: NO_FILTER });
      return result.appliedMigrationNames;
    } finally {
      engine.free();
      await adapter.release();
    }
  };
  if (database.target.kind !== "postgres") return run();
  return withAdvisoryLock(database.target.url, run);
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
