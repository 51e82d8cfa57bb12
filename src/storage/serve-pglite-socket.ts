import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import type { Database } from "./open-database.ts";

/**
 * Serves the embedded database as a PostgreSQL server on a loopback port, so Prisma Studio
 * (which cannot open PGlite files) can browse it while chatflow runs. No password: loopback only.
 */
export async function servePgliteSocket(database: Database, port: number): Promise<{ stop(): Promise<void> }> {
  if (!database.pglite) throw new Error("PGLITE_SOCKET_PORT is only for the embedded database");
  const server = new PGLiteSocketServer({ db: database.pglite, host: "127.0.0.1", port, maxConnections: 10 });
  await server.start();
  return { stop: () => server.stop() };
}
