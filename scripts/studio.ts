// `npm run studio`: Prisma Studio on chatflow's data, on http://127.0.0.1:5555 (STUDIO_PORT), its
// telemetry off.
// - PostgreSQL (DATABASE_URL=postgres://…): Studio connects to it directly.
// - PGLITE_SOCKET_PORT set: Studio connects to that loopback port (a server started with it).
// - An embedded data directory that a running server (or another studio) holds: Studio goes
//   through that process, over the socket it serves in the directory; the files stay closed.
// - An embedded data directory nobody holds: this script opens it, holding it until it stops.
import { spawn } from "node:child_process";
import path from "node:path";
import { parseDatabaseTarget } from "../src/config/database-target.ts";
import { DataDirInUseError } from "../src/storage/data-dir-lock.ts";
import { openDatabase, type Database } from "../src/storage/open-database.ts";
import { bridgeToSocket, freePort, serveWithoutTelemetry } from "./studio-proxy.ts";

const STUDIO_PORT = Number(process.env["STUDIO_PORT"] ?? 5555);
const parsed = parseDatabaseTarget(process.env["DATABASE_URL"]);
if (!parsed.ok) fail(`DATABASE_URL: ${parsed.reason}`);
const target = parsed.target;
const cleanups: Array<() => Promise<void> | void> = [];

function fail(line: string): never {
  console.error(`chatflow studio: ${line}`);
  process.exit(1);
}

async function runStudio(url: string): Promise<number> {
  const cli = path.resolve(import.meta.dirname, "../node_modules/prisma/build/index.js");
  const studioPort = await freePort();
  const child = spawn(
    process.execPath,
    [cli, "studio", "--url", url, "--port", String(studioPort), "--browser", "none"],
    {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        CHECKPOINT_DISABLE: "1",
        // Prisma's CLI fetches a schema-engine binary first; Studio never uses it.
        PRISMA_SCHEMA_ENGINE_BINARY: process.env["PRISMA_SCHEMA_ENGINE_BINARY"] ?? cli,
      },
    },
  );
  const proxy = await serveWithoutTelemetry(STUDIO_PORT, studioPort).catch((error: NodeJS.ErrnoException) => {
    child.kill();
    fail(`cannot listen on port ${STUDIO_PORT} (${error.code ?? String(error)}); set STUDIO_PORT`);
  });
  let stopped = false;
  const stop = () => ((stopped = true), child.kill("SIGINT"));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 0)));
  if (await Promise.race([answers(studioPort), exited.then(() => false)])) {
    console.log(`Prisma Studio on http://127.0.0.1:${STUDIO_PORT} (Ctrl-C to stop)`);
  }
  const code = await exited;
  proxy.close();
  return stopped ? 0 : code; // Ctrl-C or SIGTERM is how Studio is meant to end
}

/** Resolves once Prisma Studio answers on its port (it takes a few seconds to start). */
async function answers(port: number): Promise<boolean> {
  for (;;) {
    if (
      await fetch(`http://127.0.0.1:${port}/`).then(
        (response) => response.ok,
        () => false,
      )
    )
      return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The PostgreSQL URL Studio connects to, for an embedded database. */
async function embeddedUrl(): Promise<string> {
  const socketUrl = (port: number) => `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
  const socketPort = process.env["PGLITE_SOCKET_PORT"];
  if (socketPort) return socketUrl(Number(socketPort));
  if (target.kind === "pglite-memory") {
    fail("an in-memory database lives inside its server: start it with PGLITE_SOCKET_PORT=5433 and run studio with it");
  }
  if (target.kind !== "pglite") throw new Error("unreachable");
  let database: Database;
  try {
    database = await openDatabase(target, { opener: "npm run studio" });
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) fail(`cannot open ${target.dataDir}: ${String(error)}`);
    const { holder } = error;
    if (!holder?.socket)
      fail(`${error.message}, and that process does not serve it; stop it or use PGLITE_SOCKET_PORT`);
    const bridge = await bridgeToSocket(holder.socket);
    cleanups.push(() => bridge.close());
    console.log(`${target.dataDir} is open in process ${holder.pid} (${holder.opener}): Studio goes through it`);
    return socketUrl(bridge.port);
  }
  const served = await database.serveSocket!({ port: 0 });
  cleanups.push(
    () => served.stop(),
    () => database.close(),
  );
  return socketUrl((served.address as { port: number }).port);
}

const code = await runStudio(target.kind === "postgres" ? target.url : await embeddedUrl());
for (const cleanup of cleanups.reverse()) await cleanup();
process.exit(code);
