import pg from "pg";
import type { DatabaseTarget } from "../../src/config/database-target.ts";

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
