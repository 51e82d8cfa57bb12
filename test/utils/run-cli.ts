import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { HANG_MS } from "./patience.ts";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(REPO_ROOT, "node_modules", ".bin");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Written to stdin, which is then closed (stdin is a pipe, never a terminal). */
  input?: string;
  env?: Record<string, string | undefined>;
  /** Bounds a hang. @default HANG_MS (test/utils/patience.ts) */
  timeoutMs?: number;
}

/** The environment a user's shell would give the CLI: the project's Node 24 first in PATH. */
export function cliEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base = { ...process.env };
  delete base["CHATFLOW_URL"];
  delete base["CHATFLOW_TOKEN"];
  return { ...base, PATH: `${BIN}:${process.env["PATH"] ?? ""}`, NO_COLOR: "1", ...env };
}

/** Runs `node cli/main.ts …` as a user would, with a bounded wait. */
export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  return runCommand("node", ["cli/main.ts", ...args], options);
}

export function runCommand(command: string, args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  const child = spawn(command, args, { cwd: REPO_ROOT, env: cliEnv(options.env), stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += String(chunk)));
  child.stderr.on("data", (chunk) => (stderr += String(chunk)));
  child.stdin.end(options.input ?? "");
  const timeoutMs = options.timeoutMs ?? HANG_MS;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} ${args.join(" ")} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A fresh XDG_CONFIG_HOME, so tests never read or write the user's own tokens. */
export function tempConfigHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), "chatflow-cli-"));
}

/** Non-empty lines. */
export const lines = (text: string): string[] => text.split("\n").filter((line) => line.trim() !== "");
