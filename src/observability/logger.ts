import { createRequire } from "node:module";
import pino, { type Logger } from "pino";
import { LogDestination } from "./log-destination.ts";

export type { Logger };

export interface LoggerOptions {
  /** @default "info" */
  level: string;
  /** Human-readable lines for a terminal instead of JSON. @default false */
  pretty: boolean;
}

/**
 * JSON logs for machines; pretty ones when a person watches the terminal. Either way the lines
 * go through a `LogDestination`, so a slow or closed stdout never stalls the server.
 */
export function createLogger(options: LoggerOptions): Logger {
  const destination = new LogDestination();
  if (!options.pretty) return pino({ level: options.level, base: { service: "chatflow" } }, destination);
  // Formatted in this thread rather than in pino's transport worker: that worker's exit waits
  // up to 10 s for a stdout nobody reads, and a person's terminal gets few lines anyway.
  const { prettyFactory } = createRequire(import.meta.url)("pino-pretty") as typeof import("pino-pretty");
  const prettify = prettyFactory({ colorize: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname" });
  const prettyStream = {
    write: (line: string) => destination.write(prettify(line)),
    flush: (callback?: (error?: Error) => void) => destination.flush(callback),
  };
  return pino({ level: options.level }, prettyStream);
}

/** Resolves once the logger's buffered lines are written, or after a short bound (a stalled reader). */
export function flushLogs(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}

/**
 * A reader of the server's stdout or stderr that goes away (`npm start | head -2`) must cost the
 * logs only: without a listener, the EPIPE on `console.error` or the welcome text would be an
 * uncaught 'error' event and end the server.
 */
export function surviveClosedStdio(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
}
