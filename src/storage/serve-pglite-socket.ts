import type { Database, ServedSocket } from "./open-database.ts";

/**
 * Serves the embedded database as a PostgreSQL server on a loopback port, so Prisma Studio
 * or psql can browse it while chatflow runs. No password: loopback only.
 */
export async function servePgliteSocket(database: Database, port: number): Promise<ServedSocket> {
  if (!database.serveSocket) throw new Error("PGLITE_SOCKET_PORT is only for the embedded database");
  return database.serveSocket({ port });
}
