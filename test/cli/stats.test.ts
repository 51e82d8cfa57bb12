import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lines, runCli } from "../utils/run-cli.ts";
import { ADMIN_TOKEN, EXPECTED_REPORT, startInsightApp } from "../utils/insight-conversations.ts";

let app: Awaited<ReturnType<typeof startInsightApp>>["app"];
let version: number;

beforeAll(async () => {
  ({ app, version } = await startInsightApp());
});
afterAll(() => app.stop());

describe("chatflow stats", () => {
  it("should print the active version's report as a table, one row per block in flow order", async () => {
    const run = await runCli(["stats", "--url", app.url], { env: { CHATFLOW_TOKEN: ADMIN_TOKEN } });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      `flow version ${version}: 5 conversations, 2 ended, 1 handed off, no match 40.0% of intent decisions`,
      "feedback: 2 ratings, average 3.50: 1 positive, 0 neutral, 1 negative",
      "block      entered  left  went on  left %",
      "hello            5     0        5    0.0%",
      "listen           5     2        3   40.0%",
      "route            4     0        4    0.0%",
      "sorry            2     0        2    0.0%",
      "hours            0     0        0       –",
      "toHuman          1     1        0  100.0%",
      "askRating        2     0        2    0.0%",
      "rating           2     0        2    0.0%",
      "record           2     0        2    0.0%",
      "bye              2     0        2    0.0%",
    ]);
  });

  it("should print the named version as JSON, the shape of GET /analytics", async () => {
    const run = await runCli([
      "stats",
      "--version",
      String(version),
      "--json",
      "--url",
      app.url,
      "--token",
      ADMIN_TOKEN,
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ...EXPECTED_REPORT, version });
  });

  it("should print the unmatched lines grouped by text, and say so, when the server has no offline model", async () => {
    const run = await runCli(["stats", "--unmatched", "--url", app.url, "--token", ADMIN_TOKEN]);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      `flow version ${version}: 2 lines went to noMatch, 1 group (grouped by text: the offline embedding model is unavailable)`,
      "2 lines:",
      "  - banana bread",
    ]);
  });

  it("should say in one line what went wrong: an unknown version, a missing token", async () => {
    const unknown = await runCli(["stats", "--version", "999", "--url", app.url, "--token", ADMIN_TOKEN]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toBe("chatflow: the server answered NOT_FOUND: flow version 999 does not exist\n");
    const anonymous = await runCli(["stats", "--url", app.url]);
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.stderr).toMatch(
      /^chatflow: the server answered UNAUTHORIZED: .*pass --token or set CHATFLOW_TOKEN\n$/,
    );
  });
});
