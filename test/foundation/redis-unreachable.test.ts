import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { redactRedisUrl } from "../../src/events/redis-unreachable.ts";
import { freePort } from "../utils/processes.ts";
import { REPO_ROOT } from "../utils/run-cli.ts";

describe("a server whose Redis is unreachable at start", () => {
  it(
    "should exit 1 with one line naming REDIS_URL without its password, and the cause",
    { timeout: 90_000 },
    async () => {
      const port = await freePort(); // free, so nothing listens there: connections are refused
      const redisPort = await freePort();
      const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "src/main.ts"], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          HOST: "127.0.0.1",
          PORT: String(port),
          DATABASE_URL: "memory:",
          REDIS_URL: `redis://:s3cret@127.0.0.1:${redisPort}`,
          LOG_LEVEL: "silent",
        },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk) => (stderr += String(chunk)));
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code).toBe(1);
      expect(stderr).toBe(
        `chatflow: could not start: cannot reach Redis at REDIS_URL=redis://:***@127.0.0.1:${redisPort}: ECONNREFUSED 127.0.0.1:${redisPort}\n`,
      );
    },
  );

  it("should redact the password and keep the user name", () => {
    expect(redactRedisUrl("rediss://app:pa55@cache.internal:6380/2")).toBe("rediss://app:***@cache.internal:6380/2");
    expect(redactRedisUrl("redis://127.0.0.1:6379")).toBe("redis://127.0.0.1:6379");
  });
});
