import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, waitForHealthy } from "../utils/processes.ts";

const running = new Set<number>();

/** A test that fails or times out must not leave `npm start` and its server behind. */
afterEach(() => {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  running.clear();
});

function runServer(env: Record<string, string>) {
  const child = spawn("npm", ["start", "--silent"], {
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += String(chunk)));
  running.add(child.pid!);
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      running.delete(child.pid!);
      resolve(code);
    }),
  );
  return { child, exited, stderr: () => stderr };
}

describe("npm start", () => {
  it("should exit 1 with one clear line naming a bad variable", async () => {
    const server = runServer({ DATABASE_URL: "mysql://x" });
    expect(await server.exited).toBe(1);
    const lines = server
      .stderr()
      .trim()
      .split("\n")
      .filter((line) => !line.startsWith("npm warn"));
    expect(lines).toEqual([expect.stringMatching(/^chatflow: invalid configuration: DATABASE_URL: /)]);
  });

  it.each(["SIGTERM", "SIGINT"] as const)("should stop cleanly with exit code 0 on %s", async (signal) => {
    const port = await freePort();
    const server = runServer({ PORT: String(port), DATABASE_URL: "memory:" });
    await waitForHealthy(`http://127.0.0.1:${port}`);
    process.kill(-server.child.pid!, signal);
    expect(await server.exited).toBe(0);
  });
});
