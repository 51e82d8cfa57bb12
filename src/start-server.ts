import { parseConfig } from "./config/env.ts";
import { bindPort, PortUnavailableError } from "./http/bind-port.ts";
import { createLogger, flushLogs, surviveClosedStdio } from "./observability/logger.ts";
import { DataDirInUseError } from "./storage/data-dir-lock.ts";
import { openConfiguredDatabase } from "./storage/open-configured-database.ts";
import { printWelcome } from "./welcome.ts";

const SHUTDOWN_DEADLINE_MS = 10_000;

surviveClosedStdio();

const parsed = parseConfig(process.env, Boolean(process.stdout.isTTY));
if (!parsed.ok) {
  for (const problem of parsed.problems) console.error(`chatflow: invalid configuration: ${problem}`);
  process.exit(1);
}
const { config } = parsed;
const logger = createLogger({ level: config.logLevel, pretty: config.prettyLogs });

let failed = false;
/** Ends a start that cannot go on: one line for the refusals a user can act on, a log entry for the rest, exit 1. */
function couldNotStart(error: unknown): void {
  if (failed) return;
  failed = true;
  if (!(error instanceof PortUnavailableError || error instanceof DataDirInUseError)) {
    logger.fatal({ err: error }, "could not start");
  }
  console.error(`chatflow: could not start: ${error instanceof Error ? error.message : String(error)}`);
  void flushLogs(logger).finally(() => process.exit(1));
}

try {
  // The port first: a second server on a busy port stops here, before it opens any data.
  const port = await bindPort(config.port, config.host);
  // The embedded database starts in its own thread while this one loads the rest of the app:
  // the two take about as long as each other, so a start takes half the time.
  const database = openConfiguredDatabase(config, logger);
  database.catch(couldNotStart); // at once (a held data directory, say), not after the app has loaded
  const { startApp } = await import("./app.ts");
  const app = await startApp(config, logger, { database, port });
  printWelcome(app.url, logger);
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    // npm forwards the signal it receives, so a process-group signal arrives twice.
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, "shutting down");
    const deadline = setTimeout(() => {
      logger.error("shutdown took longer than 10 s; exiting");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    await app.stop();
    logger.info("stopped");
    await flushLogs(logger);
    process.exit(process.exitCode ?? 0);
  };
  // The embedded database's thread died (out of memory, say): nothing can be stored any more,
  // so stop and let the supervisor start a fresh process, which recovers the data directory.
  void app.database.lost.then((error) => {
    logger.fatal({ err: error }, "the database is gone; exiting");
    process.exitCode = 1;
    void shutdown("database lost");
  });
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
} catch (error) {
  couldNotStart(error);
}
