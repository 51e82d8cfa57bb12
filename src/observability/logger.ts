import pino, { type Logger } from "pino";

export type { Logger };

export interface LoggerOptions {
  /** @default "info" */
  level: string;
  /** Human-readable lines for a terminal instead of JSON. @default false */
  pretty: boolean;
}

/** JSON logs for machines; pretty ones when a person watches the terminal. */
export function createLogger(options: LoggerOptions): Logger {
  if (!options.pretty) return pino({ level: options.level, base: { service: "chatflow" } });
  return pino({
    level: options.level,
    transport: {
      target: "pino-pretty",
      options: { colorize: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname" },
    },
  });
}
