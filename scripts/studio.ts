// `npm run studio`: Prisma Studio on chatflow's data.
// - PostgreSQL (DATABASE_URL=postgres://…): Studio connects to it directly.
// - Embedded PGlite while the server runs with PGLITE_SOCKET_PORT=5433: Studio connects to that port.
// - Embedded PGlite with no server running: this script opens the data directory itself and
//   serves it on a loopback port for Studio (PGlite allows one process per directory).
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { parseDatabaseTarget } from "../src/config/database-target.ts";
import { openDatabase } from "../src/storage/open-database.ts";
import { servePgliteSocket } from "../src/storage/serve-pglite-socket.ts";

const STUDIO_PORT = process.env["STUDIO_PORT"] ?? "5555";
const socketPort = Number(process.env["PGLITE_SOCKET_PORT"] ?? 5433);
const parsed = parseDatabaseTarget(process.env["DATABASE_URL"]);
if (!parsed.ok) {
  console.error(`chatflow studio: DATABASE_URL: ${parsed.reason}`);
  process.exit(1);
}
const target = parsed.target;

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => (socket.end(), resolve(true)));
    socket.on("error", () => resolve(false));
  });
}

function runStudio(url: string): Promise<number> {
  const cli = path.resolve(import.meta.dirname, "../node_modules/prisma/build/index.js");
  console.log(`Prisma Studio on http://localhost:${STUDIO_PORT} (Ctrl-C to stop)`);
  const child = spawn(process.execPath, [cli, "studio", "--url", url, "--port", STUDIO_PORT, "--browser", "none"], {
    stdio: "inherit",
    // Prisma's CLI fetches a schema-engine binary first; Studio never uses it.
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env["PRISMA_SCHEMA_ENGINE_BINARY"] ?? cli },
  });
  process.on("SIGINT", () => child.kill("SIGINT"));
  return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 0)));
}

if (target.kind === "postgres") process.exit(await runStudio(target.url));
if (target.kind === "pglite-memory") {
  console.error(
    "chatflow studio: an in-memory database lives inside the server; start it with PGLITE_SOCKET_PORT=5433 and run studio with that variable",
  );
  process.exit(1);
}
const socketUrl = (port: number) => `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
if (await answers(socketPort)) process.exit(await runStudio(socketUrl(socketPort)));
const database = await openDatabase(target).catch((error: unknown) => {
  console.error(
    `chatflow studio: cannot open ${target.dataDir} (${String(error)}). Is the server running? Start it with PGLITE_SOCKET_PORT=${socketPort}.`,
  );
  process.exit(1);
});
const served = await servePgliteSocket(database, socketPort);
const code = await runStudio(socketUrl(socketPort));
await served.stop();
await database.close();
process.exit(code);
