import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { DatabaseTarget } from "../../src/config/database-target.ts";
import { applyMigrations } from "../../src/storage/apply-migrations.ts";
import { openDatabase } from "../../src/storage/open-database.ts";
import { registerCleanup, registerTmpDir, removeTmpDir } from "../process/cleanup.ts";

export type DatabaseKind = "pglite" | "pglite-memory" | "postgres";

/** A fresh, empty database for one server run, removed by `drop()` (or by the exit cleanup). */
export interface BenchDatabase {
  readonly kind: DatabaseKind;
  /** The server's `DATABASE_URL`. */
  readonly url: string;
  /** Where the bench itself opens it (with the server stopped, for PGlite); `undefined` for memory. */
  readonly target: DatabaseTarget | undefined;
  drop(): Promise<void>;
}

/** PostgreSQL the bench may create databases on: `BENCH_DATABASE_URL`, else `TEST_DATABASE_URL`. */
export const POSTGRES_ADMIN_URL = process.env["BENCH_DATABASE_URL"] || process.env["TEST_DATABASE_URL"] || undefined;

export async function createBenchDatabase(kind: DatabaseKind): Promise<BenchDatabase> {
  if (kind === "pglite-memory") {
    return { kind, url: "memory:", target: undefined, drop: async () => {} };
  }
  if (kind === "pglite") {
    const dataDir = registerTmpDir(fs.mkdtempSync(path.join(os.tmpdir(), "chatflow-bench-")));
    return {
      kind,
      url: `file:${dataDir}`,
      target: { kind: "pglite", dataDir },
      drop: async () => removeTmpDir(dataDir),
    };
  }
  return createPostgresDatabase();
}

async function createPostgresDatabase(): Promise<BenchDatabase> {
  if (!POSTGRES_ADMIN_URL) throw new Error("--db postgres needs BENCH_DATABASE_URL or TEST_DATABASE_URL");
  const admin = new URL(POSTGRES_ADMIN_URL);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(admin.hostname)) {
    throw new Error(`the bench only talks to 127.0.0.1; PostgreSQL is at ${admin.hostname}`);
  }
  const name = `chatflow_bench_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const drop = () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  const unregister = registerCleanup(drop);
  return {
    kind: "postgres",
    url: url.toString(),
    target: { kind: "postgres", url: url.toString() },
    drop: async () => {
      unregister();
      await drop();
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Stored messages per customer id. For PGlite, only while no server has the directory open. */
export async function countStoredMessages(target: DatabaseTarget): Promise<Map<string, number>> {
  const database = await openDatabase(target);
  try {
    const rows = await database.prisma.$queryRaw<{ customerId: string; count: number }[]>`
      SELECT "customerId", count(*)::int AS count FROM "Message" GROUP BY "customerId"`;
    return new Map(rows.map((row) => [row.customerId, row.count]));
  } finally {
    await database.close();
  }
}

/**
 * Opens a fresh bench database in-process with the schema applied, hands it to `use`, then
 * closes and drops it: the in-process phases (analytics, replay) seed it and time queries on it.
 */
export async function withMigratedDatabase<T>(
  kind: DatabaseKind,
  use: (database: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
): Promise<T> {
  const bench = await createBenchDatabase(kind);
  try {
    const database = await openDatabase(bench.target ?? { kind: "pglite-memory" });
    try {
      await applyMigrations(database);
      return await use(database);
    } finally {
      await database.close();
    }
  } finally {
    await bench.drop();
  }
}
