import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildProcess } from "node:child_process";
import { hasExited, spawnTracked, stopChild } from "../process/cleanup.ts";
import { BENCH_HOST, freePort, waitForHealthy } from "./ports.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A server child process the bench started: where it listens and how to stop it. */
export interface RunningServer {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly baseUrl: string;
  readonly wsUrl: string;
  /** Milliseconds from spawn to the first 200 of `/healthz`. */
  readonly msToHealthy: number;
  /** The last lines the process wrote (warnings and errors: it runs with LOG_LEVEL=warn). */
  outputTail(): string;
  /** SIGTERM (graceful: in-flight turns are stored), SIGKILL after the grace period. */
  stop(): Promise<number | string>;
  /** Why the server exited although the bench did not stop it (a crash, or a kill from outside); `undefined` while fine. */
  unexpectedExit(): string | undefined;
}

/** Throws when the server died under the bench: the figures of that phase would mean nothing. */
export function assertStillRunning(server: RunningServer, phase: string): void {
  const reason = server.unexpectedExit();
  if (reason) throw new Error(`the server died during the ${phase}: ${reason}`);
}

/**
 * The V8 flags of `npm start` (package.json) and the Dockerfile, so the bench measures what runs:
 * `--liftoff-only` keeps V8 from recompiling PGlite's hottest WebAssembly functions with its
 * optimizing compiler, whose one compile of the largest took ~600 MB for 4 s (see "Memory" in
 * bench/README.md). `--max-semi-space-size=2` (MB) caps each thread's young generation, which
 * otherwise grew to 64 MB in the main thread and 100 MB in the NLP worker (mostly garbage); 8
 * held ~28 MB more at idle, with no measurable difference in CPU per turn or RSS under load.
 * `--heap-growing-percent=50` keeps each old generation within 1.5× of what a full collection
 * left alive (V8's own factor reached 4 under load): ~150 MB less under 1,000 customers.
 * `--no-parallel-scavenge` collects a young generation on its own thread: V8's helper threads
 * joining ~100 small collections a second cost more CPU than they saved on 2 cores (bench/README.md,
 * Throughput).
 */
export const SERVER_NODE_FLAGS = [
  "--liftoff-only",
  "--max-semi-space-size=2",
  "--heap-growing-percent=50",
  "--no-parallel-scavenge",
];

/**
 * The environment `npm start` and the Dockerfile add: glibc hands blocks of 1 MB and more back to
 * the system when freed, instead of keeping them in a thread's malloc arena; Node's compile cache
 * is on before `src/main.ts` is read, so no thread loads the TypeScript stripper once it is warm.
 */
export const SERVER_ENV = {
  MALLOC_MMAP_THRESHOLD_: "1048576",
  NODE_COMPILE_CACHE: process.env["NODE_COMPILE_CACHE"] ?? path.join(os.tmpdir(), "node-compile-cache"),
};

/** How long a start may take before the bench gives up on it. @default 60000 */
export const START_DEADLINE_MS = 60_000;

export interface ChatflowStartOptions {
  /** Open the Node inspector on this 127.0.0.1 port (the idle phase forces GCs through it). @default undefined */
  inspectPort?: number;
  /** More environment for the server (after the bench's own). @default none */
  env?: Record<string, string>;
}

/** Spawns `node src/main.ts` on a free port with the given `DATABASE_URL` and waits until healthy. */
export async function startChatflow(databaseUrl: string, options: ChatflowStartOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...SERVER_ENV,
    PORT: String(port),
    HOST: BENCH_HOST,
    LOG_LEVEL: "warn",
    LOG_FORMAT: "json",
    DATABASE_URL: databaseUrl,
    // Every simulated customer comes from 127.0.0.1: per-address abuse limits would measure
    // themselves, not the server. 0 turns each off.
    CHAT_MESSAGES_PER_SECOND: "0",
    CHAT_IP_MESSAGES_PER_SECOND: "0",
    CHAT_ABUSE_LIMIT: "0",
    MAX_CONNECTIONS_PER_IP: "0",
    NEW_CUSTOMERS_PER_SECOND: "0",
    NEW_SESSIONS_PER_SECOND: "0",
    MAX_HTTP_CONNECTIONS: "0",
    MAX_HTTP_CONNECTIONS_PER_IP: "0",
    ...options.env,
  };
  // No LLM: the bench measures chatflow itself, not a model's latency.
  for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "REDIS_URL", "ADMIN_TOKEN", "PGLITE_SOCKET_PORT"]) {
    delete env[name];
  }
  return startServerProcess(
    [
      process.execPath,
      "--disable-warning=ExperimentalWarning",
      ...SERVER_NODE_FLAGS,
      ...(options.inspectPort ? [`--inspect=${BENCH_HOST}:${options.inspectPort}`] : []),
      "src/main.ts",
    ],
    env,
    `http://${BENCH_HOST}:${port}`,
  );
}

/** Spawns a server process whose `/healthz` answers at `baseUrl` and waits for its first 200. */
export async function startServerProcess(
  command: [string, ...string[]],
  env: NodeJS.ProcessEnv,
  baseUrl: string,
): Promise<RunningServer> {
  const spawnedAt = performance.now();
  const child = spawnTracked(command[0], command.slice(1), { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let stopping = false;
  let unexpected: string | undefined;
  const exited = new Promise<never>((_resolve, reject) =>
    child.once("exit", (code, signal) => {
      // A signal the bench did not send comes from outside: the machine is shared.
      const cause = signal && !stopping ? `${signal}, not sent by the bench` : String(code ?? signal);
      if (!stopping) unexpected = `exited (${cause})${tail.trim() ? `:\n${tail.trim()}` : ""}`;
      reject(new Error(`server exited during start (${cause})${tail.trim() ? `:\n${tail.trim()}` : ""}`));
    }),
  );
  exited.catch(() => {});
  try {
    await Promise.race([waitForHealthy(baseUrl, START_DEADLINE_MS), exited]);
  } catch (error) {
    stopping = true;
    if (!hasExited(child)) await stopChild(child, 3_000);
    throw error;
  }
  const msToHealthy = performance.now() - spawnedAt;
  return {
    child,
    pid: child.pid!,
    baseUrl,
    wsUrl: baseUrl.replace(/^http/, "ws"),
    msToHealthy,
    outputTail: () => tail.trim(),
    stop: () => {
      stopping = true;
      return stopChild(child);
    },
    unexpectedExit: () => unexpected,
  };
}
