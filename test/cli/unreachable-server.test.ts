import { describe, expect, it } from "vitest";
import { freePort } from "../utils/processes.ts";
import { lines, runCli, tempConfigHome } from "../utils/run-cli.ts";

describe("the CLI with no server answering", () => {
  it.each([
    ["chat", []],
    ["config get", []],
    ["config push", ["test/fixtures/coffee.json"]],
    ["history", ["alice"]],
    ["feedback", []],
  ])("should say in one line which URL it tried and how to start a server: %s", async (command, rest) => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await runCli([...command.split(" "), ...rest], {
      env: { CHATFLOW_URL: url, XDG_CONFIG_HOME: await tempConfigHome() },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^chatflow: cannot reach the chatflow server at ${url} \\(connection refused\\): start one with \`npm start\``,
        ),
      ),
    ]);
  });
});
