import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ADMIN_TOKEN, startReplayApp } from "../utils/replay-conversations.ts";
import { lines, runCli } from "../utils/run-cli.ts";

let setup: Awaited<ReturnType<typeof startReplayApp>>;
let dir: string;

beforeAll(async () => {
  setup = await startReplayApp();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "chatflow-replay-"));
});
afterAll(async () => {
  await setup.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

/** Writes the fixture with the `hours` message reworded (the branch Ann, Cat and Dee took). */
async function rewordedHours(name: string): Promise<string> {
  const flow = structuredClone(setup.flow);
  flow.blocks.find((b) => b["id"] === "hours")!["text"] = "We open at ten now.";
  const file = path.join(dir, name);
  await fs.writeFile(file, name.endsWith(".json") ? JSON.stringify(flow) : stringify(flow));
  return file;
}

const replay = (args: string[]) => runCli(["flow", "replay", ...args, "--url", setup.app.url, "--token", ADMIN_TOKEN]);

describe("chatflow flow replay", () => {
  it("should print the sessions, the no-match rate before and after, and each divergence", async () => {
    const run = await replay([await rewordedHours("candidate.yaml"), "--last", "3"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const { Dee, Cat } = setup.sessions;
    expect(lines(run.stdout)).toEqual([
      "replayed 3 sessions: 2 diverged (66.7%)",
      "no match: 20.0% of intent decisions before → 20.0% after",
      `session ${Dee}, turn 5`,
      '  before  hours: "We open at nine."',
      '  after   hours: "We open at ten now."',
      `session ${Cat}, turn 3`,
      '  before  hours: "We open at nine."',
      '  after   hours: "We open at ten now."',
    ]);
  });

  it("should exit 1 with one line when more than --fail-over diverged, and 0 when not", async () => {
    const file = await rewordedHours("candidate.json");
    const failing = await replay([file, "--fail-over", "0.5"]);
    expect(failing.code).toBe(1);
    expect(failing.stderr.trim()).toBe("chatflow: 75.0% of sessions diverged, more than --fail-over 0.5");
    const passing = await replay([file, "--fail-over", "0.75"]);
    expect(passing.code).toBe(0);
    expect(lines(passing.stdout)[0]).toBe("replayed 4 sessions: 3 diverged (75.0%)");
  });

  it("should print the server's JSON with --json", async () => {
    const run = await replay([await rewordedHours("candidate.json"), "--json", "--last", "1"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ sessions: 1, diverged: 1, skipped: 0 });
  });

  it("should refuse an invalid flow and bad options in one line each", async () => {
    const broken = path.join(dir, "broken.json");
    await fs.writeFile(broken, JSON.stringify({ ...setup.flow, start: "nowhere" }));
    const invalid = await replay([broken]);
    expect(invalid.code).toBe(1);
    expect(lines(invalid.stderr).at(-1)).toBe(`chatflow: ${broken} is invalid: 1 problem`);
    const file = await rewordedHours("candidate.json");
    for (const bad of [
      ["--last", "0"],
      ["--last", "20000"],
      ["--fail-over", "2"],
      ["--fail-over", "lots"],
    ]) {
      const run = await replay([file, ...bad]);
      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe("");
    }
  });
});
