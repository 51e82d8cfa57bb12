// A reconnect storm (1,000 customers at once after a restart) must not overflow the queue of
// connections the kernel holds before the server accepts them: Node's default of 511 did, and
// each dropped handshake cost its customer a one-second retry. The kernel reports a listening
// socket's queue size itself (`ss`: Send-Q of a LISTEN socket), so that is what is read here.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { bindPort, LISTEN_BACKLOG } from "../../src/http/bind-port.ts";
import { spawnServer } from "../utils/spawn-server.ts";
import { startTestApp } from "../utils/start-test-app.ts";

const hasSs = (() => {
  try {
    execFileSync("ss", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** The accept queue the kernel gave the socket listening on 127.0.0.1:`port`. */
function listenQueue(port: number): number {
  const out = execFileSync("ss", ["-ltnH", `sport = :${port}`], { encoding: "utf8" }).trim();
  const [, , sendQ] = out.split(/\s+/);
  return Number(sendQ);
}

const expected = Math.min(LISTEN_BACKLOG, Number(readFileSync("/proc/sys/net/core/somaxconn", "utf8")));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe.skipIf(!hasSs)("the listening socket's accept queue (skipped: `ss` from iproute2 is not installed)", () => {
  it("should hold a storm's worth of connections when the port is bound before the app (npm start)", async () => {
    const port = await bindPort(0, "127.0.0.1");
    cleanups.push(() => new Promise((resolve) => port.server.close(() => resolve())));
    expect(listenQueue((port.server.address() as { port: number }).port)).toBe(expected);
  });

  it("should keep it once the app takes the bound port over (the server as npm start runs it)", async () => {
    // The app listens again on the handle bindPort made: without the backlog, Node's 511 came back.
    const server = await spawnServer({ DATABASE_URL: "memory://" });
    cleanups.push(() => server.ensureStopped());
    expect(listenQueue(Number(new URL(server.url).port))).toBe(expected);
  });

  it("should hold as many when the app binds its own port", async () => {
    const app = await startTestApp();
    cleanups.push(() => app.stop());
    expect(listenQueue(Number(new URL(app.url).port))).toBe(expected);
  });
});
