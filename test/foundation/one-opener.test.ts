import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataDirInUseError } from "../../src/storage/data-dir-lock.ts";
import { openDatabase } from "../../src/storage/open-database.ts";
import { ChatLoad, ECHO_FLOW, missingFrom } from "../utils/chat-load.ts";
import { freePort } from "../utils/processes.ts";
import { spawnServer, type SpawnedServer } from "../utils/spawn-server.ts";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "chatflow-one-opener-"));
const dataDir = path.join(scratch, "data");
const flowFile = path.join(scratch, "echo.json");
fs.writeFileSync(flowFile, JSON.stringify(ECHO_FLOW));
const env = { DATABASE_URL: `file:${dataDir}`, FLOW_FILE: flowFile };
const started: SpawnedServer[] = [];
let first: SpawnedServer;

beforeAll(async () => {
  first = await spawnServer(env);
  started.push(first);
}, 120_000);

afterAll(async () => {
  for (const server of started) await server.ensureStopped();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** Runs a script of this repository to its end (or, with `until`, until its output says so). */
function run(script: string, extraEnv: Record<string, string>, until?: RegExp) {
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", script], {
    env: { ...process.env, LOG_LEVEL: "warn", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let reached: () => void = () => {};
  const seen = new Promise<void>((resolve) => (reached = resolve));
  const check = () => until?.test(stdout) && reached();
  child.stdout.on("data", (chunk) => ((stdout += String(chunk)), check()));
  child.stderr.on("data", (chunk) => (stderr += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, seen, exited, stdout: () => stdout, stderr: () => stderr };
}

/** What a second opener could have changed at the top of the directory. */
function topLevel(): Record<string, number> {
  return Object.fromEntries(
    fs
      .readdirSync(dataDir)
      .map((name) => [name, name.startsWith("chatflow") ? fs.statSync(path.join(dataDir, name)).mtimeMs : 0]),
  );
}

const errorLines = (stderr: string) =>
  stderr
    .trim()
    .split("\n")
    .filter((line) => line !== "");

describe("one opener per embedded data directory", () => {
  it("should refuse a second server on a busy port with one line, before touching its data directory", async () => {
    const otherDir = path.join(scratch, "never-created");
    const second = run("src/main.ts", { PORT: new URL(first.url).port, DATABASE_URL: `file:${otherDir}` });
    expect(await second.exited).toBe(1);
    expect(errorLines(second.stderr())).toEqual([
      `chatflow: could not start: port ${new URL(first.url).port} on 127.0.0.1 is in use (EADDRINUSE)`,
    ]);
    expect(fs.existsSync(otherDir)).toBe(false);
  }, 60_000);

  it("should refuse a second server and a script, send studio through the holder, and lose nothing acknowledged after kill -9", async () => {
    const load = await ChatLoad.connect(first.wsUrl, 5);
    load.markEpoch();
    load.start(0);
    await load.untilEveryoneSucceeded(3, 60_000);
    const before = topLevel();
    const holderFile = fs.readFileSync(path.join(dataDir, "chatflow-holder.json"), "utf8");
    const refusal = `the data directory ${dataDir} is in use by process ${first.pid} (chatflow server); one process opens it at a time`;

    const second = run("src/main.ts", { ...env, PORT: String(await freePort()) });
    expect(await second.exited).toBe(1);
    expect(errorLines(second.stderr())).toEqual([`chatflow: could not start: ${refusal}`]);
    expect(second.stdout()).not.toContain("database ready");

    const script = openDatabase({ kind: "pglite", dataDir });
    await expect(script).rejects.toThrow(DataDirInUseError);
    await expect(script).rejects.toThrow(refusal);

    const studio = run(
      "scripts/studio.ts",
      { ...env, STUDIO_PORT: String(await freePort()) },
      /Prisma Studio on (\S+)/,
    );
    await Promise.race([
      studio.seen,
      studio.exited.then((code) => expect.fail(`studio exited ${code}: ${studio.stderr()}`)),
    ]);
    expect(studio.stdout()).toContain(
      `${dataDir} is open in process ${first.pid} (chatflow server): Studio goes through it`,
    );
    const studioUrl = /Prisma Studio on (\S+)/.exec(studio.stdout())![1]!;
    expect((await fetch(studioUrl)).status).toBe(200);
    studio.child.kill("SIGTERM");
    expect(await studio.exited).toBe(0);

    expect(topLevel()).toEqual(before);
    expect(fs.readFileSync(path.join(dataDir, "chatflow-holder.json"), "utf8")).toBe(holderFile);

    first.kill("SIGKILL");
    await first.exited;
    await load.stop();
    load.close();
    expect(load.acknowledged.size).toBeGreaterThan(5);

    // Restarted at once on the directory the killed process held.
    const restarted = await spawnServer(env);
    started.push(restarted);
    const stored: string[] = [];
    for (const { customerId } of load.customers) {
      let before: string | null = null;
      do {
        const query = new URLSearchParams({ customerId, limit: "500", ...(before ? { before } : {}) });
        const response = await fetch(`${restarted.url}/message/list?${query}`);
        expect(response.status).toBe(200);
        const page = (await response.json()) as { messages: { id: string }[]; nextCursor: string | null };
        stored.push(...page.messages.map((m) => m.id));
        before = page.nextCursor;
      } while (before);
    }
    expect(missingFrom(load.acknowledged, stored)).toEqual([]);
    restarted.kill("SIGTERM");
    expect(await restarted.exited).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(path.join(dataDir, "chatflow-holder.json"))).toBe(false);
  }, 240_000);
});
