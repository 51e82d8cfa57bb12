import { spawn, fork, type ChildProcess, type SpawnOptions, type ForkOptions } from "node:child_process";
import fs from "node:fs";

/**
 * Every child process, temporary directory and database the bench creates is registered here,
 * so that a failure, an exception or Ctrl-C still stops and removes all of them.
 */
const children = new Set<ChildProcess>();
const tmpDirs = new Set<string>();
const asyncCleanups = new Set<() => Promise<void>>();

/** Grace between SIGTERM and SIGKILL when stopping a child. @default 12000 (the server's own deadline is 10 s) */
export const STOP_GRACE_MS = 12_000;

export function spawnTracked(command: string, args: string[], options: SpawnOptions): ChildProcess {
  return track(spawn(command, args, options));
}

export function forkTracked(modulePath: string, args: string[], options: ForkOptions): ChildProcess {
  return track(fork(modulePath, args, options));
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (or signal) once it exited. */
export async function stopChild(child: ChildProcess, graceMs = STOP_GRACE_MS): Promise<number | string> {
  const exited = new Promise<number | string>((resolve) => {
    if (hasExited(child)) resolve(child.exitCode ?? child.signalCode ?? "exited");
    else child.once("exit", (code, signal) => resolve(code ?? signal ?? "exited"));
  });
  if (!hasExited(child)) child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  try {
    return await exited;
  } finally {
    clearTimeout(killer);
  }
}

export function registerTmpDir(dir: string): string {
  tmpDirs.add(dir);
  return dir;
}

export function removeTmpDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  tmpDirs.delete(dir);
}

/** An async cleanup (dropping a database) run by `cleanUpEverything`; returns its unregister. */
export function registerCleanup(cleanup: () => Promise<void>): () => void {
  asyncCleanups.add(cleanup);
  return () => asyncCleanups.delete(cleanup);
}

/** Stops every child still running, runs the async cleanups, removes temporary directories. */
export async function cleanUpEverything(): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child, 3_000)));
  for (const cleanup of [...asyncCleanups]) {
    await cleanup().catch((error: unknown) => console.error(`bench: cleanup failed: ${String(error)}`));
    asyncCleanups.delete(cleanup);
  }
  for (const dir of [...tmpDirs]) removeTmpDir(dir);
}

/** Last resort on any exit: kill synchronously what is left (async cleanups cannot run here). */
export function installExitHandlers(): void {
  process.once("exit", () => {
    for (const child of children) child.kill("SIGKILL");
    for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\nbench: ${signal}: stopping every child process and removing temporary data…`);
      const deadline = setTimeout(() => process.exit(130), 20_000);
      deadline.unref();
      void cleanUpEverything().finally(() => process.exit(130));
    });
  }
}
