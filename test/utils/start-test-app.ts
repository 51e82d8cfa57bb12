import pino from "pino";
import { startApp, type App, type AppOverrides } from "../../src/app.ts";
import { parseConfig, type Config } from "../../src/config/env.ts";

/** Starts a real server on a random port with an in-memory database (or the given env). */
export async function startTestApp(
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
): Promise<App & { wsUrl: string }> {
  const parsed = parseConfig({ HOST: "127.0.0.1", PORT: "0", DATABASE_URL: "memory:", LOG_LEVEL: "silent", ...env });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const app = await startApp(parsed.config, pino({ level: process.env["TEST_LOG_LEVEL"] ?? "silent" }), overrides);
  return Object.assign(app, { wsUrl: app.url.replace(/^http/, "ws") });
}

export function testConfig(env: Record<string, string> = {}): Config {
  const parsed = parseConfig({ HOST: "127.0.0.1", PORT: "0", DATABASE_URL: "memory:", LOG_LEVEL: "silent", ...env });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}

/** Uploads a flow as an operator; returns its version. */
export async function uploadFlow(baseUrl: string, flow: unknown, token?: string): Promise<number> {
  const response = await fetch(`${baseUrl}/config`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(flow),
  });
  if (response.status !== 201) throw new Error(`upload failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { version: number }).version;
}
