import pino from "pino";
import { startApp, type App } from "../../src/app.ts";
import { parseConfig, type Config } from "../../src/config/env.ts";

/** Starts a real server on a random port with an in-memory database (or the given env). */
export async function startTestApp(env: Record<string, string> = {}): Promise<App & { wsUrl: string }> {
  const parsed = parseConfig({ HOST: "127.0.0.1", PORT: "0", DATABASE_URL: "memory:", LOG_LEVEL: "silent", ...env });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const app = await startApp(parsed.config, pino({ level: process.env["TEST_LOG_LEVEL"] ?? "silent" }));
  return Object.assign(app, { wsUrl: app.url.replace(/^http/, "ws") });
}

export function testConfig(env: Record<string, string> = {}): Config {
  const parsed = parseConfig({ HOST: "127.0.0.1", PORT: "0", DATABASE_URL: "memory:", LOG_LEVEL: "silent", ...env });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}
