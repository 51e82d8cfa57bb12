import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FuzzTally } from "../utils/hardening-counts.ts";
import { NO_ABUSE_LIMITS } from "../utils/load-test-limits.ts";
import { freePort, waitForHealthy } from "../utils/processes.ts";
import { REPO_ROOT } from "../utils/run-cli.ts";

// The server's log is its stdout. Whoever reads it may stop reading (a stalled log shipper,
// `npm start | less`) or go away (`npm start | head -2`): the server must go on answering, drop
// the lines it cannot write, and still end cleanly on SIGTERM.

// Counted in the reliability report (issue 17, finding 7): a server that did not exit 0 crashed.
const KEY = "security/closed-stdout";
const tally = new FuzzTally();
beforeAll(() => {
  tally.listen();
  tally.during(KEY);
});
afterAll(() => tally.write());

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

async function startServer(
  stdout: "pipe" | number,
): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "src/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ...NO_ABUSE_LIMITS,
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: "memory:",
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
    },
    stdio: ["ignore", stdout, "ignore"],
  });
  running.push(child);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${port}`, exited };
}

/** Requests that each add a ~4 KB line to the log, `count` of them, ten at a time. */
async function logHeavily(url: string, count: number): Promise<void> {
  for (let sent = 0; sent < count; sent += 10) {
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const response = await fetch(`${url}/no-such-page-${sent + i}-${"x".repeat(4000)}`);
        expect(response.status).toBe(404);
        await response.arrayBuffer();
      }),
    );
  }
}

describe("the server's log on a pipe", { timeout: 120_000 }, () => {
  it("should keep answering and exit 0 on SIGTERM when the reader of its stdout goes away", async () => {
    const server = await startServer("pipe");
    const firstLine = new Promise<void>((resolve) =>
      server.child.stdout!.once("data", () => {
        server.child.stdout!.destroy(); // like `head -1` after its line
        resolve();
      }),
    );
    await firstLine;
    await waitForHealthy(server.url, 90_000);
    await logHeavily(server.url, 20);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    server.child.kill("SIGTERM");
    const code = await server.exited;
    tally.tried(KEY, code !== 0);
    expect(code).toBe(0);
  });

  it("should keep answering and exit 0 on SIGTERM when the reader of its stdout stops reading", async () => {
    // A FIFO whose read end is held open and never read: the pipe fills up and stays full.
    const fifo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "chatflow-log-")), "stdout");
    execFileSync("mkfifo", [fifo]);
    const readEnd = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const writeEnd = fs.openSync(fifo, fs.constants.O_WRONLY);
    try {
      const server = await startServer(writeEnd);
      fs.closeSync(writeEnd);
      await waitForHealthy(server.url, 90_000);
      // Far more than a pipe holds (64 KiB) and than the server keeps for a slow reader (1 MiB).
      await logHeavily(server.url, 400);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      server.child.kill("SIGTERM");
      const code = await server.exited;
      tally.tried(KEY, code !== 0);
      expect(code).toBe(0);
    } finally {
      fs.closeSync(readEnd);
      fs.rmSync(path.dirname(fifo), { recursive: true, force: true });
    }
  });
});
