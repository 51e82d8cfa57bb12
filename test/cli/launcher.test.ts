import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lines, runCommand } from "../utils/run-cli.ts";

// The system Node of this machine is older than 22.18 in CI; any Node works for the launcher.
const OLD_NODE = ["/usr/bin/node", "/usr/local/bin/node"].find((path) => existsSync(path));

describe("cli/chatflow.mjs (the npx chatflow launcher)", () => {
  it("should run the CLI and forward its exit code", async () => {
    const ok = await runCommand("node", ["cli/chatflow.mjs", "flow", "check", "flows/default.yaml"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/valid, "Assistant"/);
    const bad = await runCommand("node", ["cli/chatflow.mjs", "flow", "check", "test/fixtures/broken-flow.yaml"]);
    expect(bad.code).toBe(1);
  });

  it.skipIf(!OLD_NODE)(
    `should run under any system Node by re-executing with one that strips types${OLD_NODE ? "" : " [skipped: no system Node besides the project's]"}`,
    async () => {
      const run = await runCommand(OLD_NODE!, ["cli/chatflow.mjs", "--help"]);
      expect(run.code).toBe(0);
      expect(lines(run.stdout)[0]).toBe("Usage: chatflow [options] [command]");
    },
  );
});
