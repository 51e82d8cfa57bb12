import type { Database } from "./open-database.ts";

/**
 * Serves the embedded database as a PostgreSQL server on a loopback port, so Prisma Studio
 * (which cannot open PGlite files) can browse it while chatflow runs. No password: loopback only.
 */
export async function servePgliteSocket(database: Database, port: number): Promise<{ stop(): Promise<void> }> {
  if (!database.serveSocket) throw new Error("PGLITE_SOCKET_PORT is only for the embedded database");
  return database.serveSocket(port);
}
