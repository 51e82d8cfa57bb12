import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { DatabaseTarget } from "../config/database-target.ts";
import { PrismaClient } from "./generated/client.ts";
import { isFreshDirectory, readTemplate } from "./pglite-template.ts";

/** An open database: the Prisma client plus what migrations and Studio need. */
export interface Database {
  readonly prisma: PrismaClient;
  readonly target: DatabaseTarget;
  /** An adapter factory for the schema engine, and how to release its connections. */
  migrationAdapter(): { factory: SqlMigrationAwareDriverAdapterFactory; release(): Promise<void> };
  /** The embedded engine, for serving it to Prisma Studio; `undefined` on PostgreSQL. */
  readonly pglite: PGlite | undefined;
  close(): Promise<void>;
}

/**
 * The pool drops connections that fail and opens new ones on demand, so it recovers by itself
 * once PostgreSQL is back. A connection attempt that gets no answer (a partition, not a refusal)
 * gives up after 5 s, so a turn fails with an error instead of waiting for the network to heal;
 * keep-alive notices idle connections that died silently.
 */
const POOL_OPTIONS = { max: 10, connectionTimeoutMillis: 5000, keepAlive: true, keepAliveInitialDelayMillis: 10_000 };

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === "postgres") {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: target.url, ...POOL_OPTIONS }) });
    // The schema engine locks and unlocks on whatever pooled connection it is handed: one
    // connection, closed afterwards, guarantees its advisory lock dies with it.
    const migrationAdapter = () => {
      const pool = new pg.Pool({ connectionString: target.url, max: 1 });
      return { factory: new PrismaPg(pool), release: () => pool.end() };
    };
    return { prisma, target, migrationAdapter, pglite: undefined, close: () => prisma.$disconnect() };
  }
  const pglite = await createPglite(target.kind === "pglite" ? target.dataDir : undefined);
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  const close = async () => {
    await prisma.$disconnect();
    if (!pglite.closed) await pglite.close();
  };
  const migrationAdapter = () => ({ factory: adapterFactory, release: async () => {} });
  return { prisma, target, migrationAdapter, pglite, close };
}

/** An existing directory opens as it is; a new one (or memory) starts from the install's template. */
async function createPglite(dataDir: string | undefined): Promise<PGlite> {
  const template = dataDir === undefined || isFreshDirectory(dataDir) ? readTemplate() : undefined;
  if (dataDir !== undefined) fs.mkdirSync(dataDir, { recursive: true });
  if (template) {
    try {
      return dataDir === undefined
        ? await PGlite.create({ loadDataDir: template })
        : await PGlite.create(dataDir, { loadDataDir: template });
    } catch {
      // A damaged template must not stop the server: initialise from scratch instead.
      if (dataDir !== undefined) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        fs.mkdirSync(dataDir, { recursive: true });
      }
    }
  }
  return dataDir === undefined ? PGlite.create() : PGlite.create(dataDir);
}
