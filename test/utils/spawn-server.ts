import { NO_ABUSE_LIMITS } from "./load-test-limits.ts";
import { spawn } from "node:child_process";
import { freePort, waitForHealthy } from "./processes.ts";

export interface SpawnedServer {
  readonly pid: number;
  readonly url: string;
  readonly wsUrl: string;
  /** Resolves with how the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it wrote, stdout and stderr together. */
  output(): string;
  /** Sends a signal to this process only (never a group, never by name). */
  kill(signal: NodeJS.Signals): void;
  /** SIGKILLs it if it still runs: for `afterAll`. */
  ensureStopped(): Promise<void>;
}

/**
 * Runs the real server (`node src/main.ts`) on a free port and waits until it is healthy
 * (`healthyWithinMs`, default 30 s: a first start on a new data directory on a busy machine may
 * need more).
 */
export async function spawnServer(
  env: Record<string, string>,
  options: { healthyWithinMs?: number } = {},
): Promise<SpawnedServer> {
  // A test that restarts a server on the same port (its clients reconnect there) passes PORT.
  const port = env["PORT"] ? Number(env["PORT"]) : await freePort();
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "src/main.ts"], {
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      LOG_FORMAT: "json",
      ...NO_ABUSE_LIMITS,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += String(chunk)));
  child.stderr.on("data", (chunk) => (output += String(chunk)));
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => {
      running = false;
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const server: SpawnedServer = {
    pid: child.pid!,
    url,
    wsUrl: url.replace(/^http/, "ws"),
    exited,
    output: () => output,
    kill: (signal) => {
      if (running) child.kill(signal);
    },
    ensureStopped: async () => {
      if (!running) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
  try {
    await Promise.race([
      waitForHealthy(url, options.healthyWithinMs),
      exited.then(({ code }) => {
        throw new Error(`server exited with ${code} before it was healthy:\n${output}`);
      }),
    ]);
  } catch (error) {
    await server.ensureStopped();
    throw error;
  }
  return server;
}

/** Lines of a server's output that mention an unhandled rejection or an uncaught exception. */
export function unhandledLines(output: string): string[] {
  return output.split("\n").filter((line) => /unhandled|uncaught/i.test(line));
}
