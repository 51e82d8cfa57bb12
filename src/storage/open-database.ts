import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { DatabaseTarget } from "../config/database-target.ts";
import { PrismaClient } from "./generated/client.ts";

/** An open database: the Prisma client plus what migrations and Studio need. */
export interface Database {
  readonly prisma: PrismaClient;
  readonly target: DatabaseTarget;
  /** The adapter factory the schema engine migrates through. */
  readonly adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** The embedded engine, for serving it to Prisma Studio; `undefined` on PostgreSQL. */
  readonly pglite: PGlite | undefined;
  close(): Promise<void>;
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === "postgres") {
    const adapterFactory = new PrismaPg({ connectionString: target.url, max: 10 });
    const prisma = new PrismaClient({ adapter: adapterFactory });
    return { prisma, target, adapterFactory, pglite: undefined, close: () => prisma.$disconnect() };
  }
  let pglite: PGlite;
  if (target.kind === "pglite") {
    fs.mkdirSync(target.dataDir, { recursive: true });
    pglite = await PGlite.create(target.dataDir);
  } else {
    pglite = await PGlite.create();
  }
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  const close = async () => {
    await prisma.$disconnect();
    if (!pglite.closed) await pglite.close();
  };
  return { prisma, target, adapterFactory, pglite, close };
}
