import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { CliError } from "../cli-error.ts";
import { parseServerUrl, type ServerUrls } from "../server-url.ts";

/** How long a fresh server may take to answer `/healthz` (migrations, first flow). @default 60000 */
export const START_TIMEOUT_MS = 60_000;

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface DemoServer {
  urls: ServerUrls;
  /** True when the demo started it (and so must stop it). */
  started: boolean;
  stop(): Promise<void>;
}

export async function isHealthy(urls: ServerUrls): Promise<boolean> {
  try {
    return (await fetch(`${urls.http}/healthz`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/**
 * The server a demo plays against: the one at `url` when it is healthy, otherwise a fresh
 * `npm start` on a free port with an in-memory database and the bundled default flow, so the
 * demo never touches anyone's data and always meets the flow it was written for.
 */
export async function ensureDemoServer(
  url: string | undefined,
  onProgress: (text: string) => void,
): Promise<DemoServer> {
  if (url) {
    const urls = parseServerUrl(url);
    if (await isHealthy(urls)) return { urls, started: false, stop: async () => {} };
    onProgress(`nothing healthy answers at ${urls.http}; starting a server of our own…`);
  }
  const port = await freePort();
  const urls = parseServerUrl(`http://127.0.0.1:${port}`);
  onProgress(`starting a server on ${urls.http} (npm start, in-memory database)…`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: "memory:",
    LOG_LEVEL: "warn",
  };
  // The demo's own server: open operator routes, one instance, the default flow.
  for (const name of ["ADMIN_TOKEN", "REDIS_URL", "FLOW_FILE", "ALLOW_INSECURE"]) delete env[name];
  const child = spawn("npm", ["start", "--silent"], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = () => stopServer(child, exited);
  try {
    await waitUntilHealthy(urls, exited, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, started: true, stop };
}

async function waitUntilHealthy(urls: ServerUrls, exited: Promise<number | null>, stderr: () => string): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      const lastLine = stderr().trim().split("\n").at(-1) ?? "";
      throw new CliError(`the demo server exited with code ${exitCode} before answering: ${lastLine}`);
    }
    if (await isHealthy(urls)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new CliError(`the demo server did not answer on ${urls.http}/healthz within ${START_TIMEOUT_MS / 1000} s`);
}

/** SIGTERM to npm and the server (one process group), then SIGKILL if it lingers. */
async function stopServer(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
