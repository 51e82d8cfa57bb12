import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lines, runCli } from "../utils/run-cli.ts";
import { ADMIN_TOKEN, startUnmatchedApp } from "../utils/unmatched-conversations.ts";

let started: Awaited<ReturnType<typeof startUnmatchedApp>>;

beforeAll(async () => {
  started = await startUnmatchedApp();
});
afterAll(() => started.app.stop());

describe("chatflow stats --unmatched", () => {
  it("should print the groups biggest first, each line said shown once", async () => {
    const run = await runCli(["stats", "--unmatched", "--url", started.app.url], {
      env: { CHATFLOW_TOKEN: ADMIN_TOKEN },
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const printed = lines(run.stdout);
    expect(printed[0]).toBe(`flow version ${started.version}: 9 lines went to noMatch, 2 groups (grouped by meaning)`);
    expect(printed[1]).toBe("6 lines:");
    expect(printed[2]).toBe("  - what time do you open?");
    expect(printed.slice(2, 7).sort()).toEqual([
      "  - are you open on sundays?",
      "  - how late are you open tonight",
      "  - what are your opening hours",
      "  - what time do you open?",
      "  - when are you open on saturday",
    ]);
    expect(printed[7]).toBe("3 lines:");
    expect(printed.slice(8).sort()).toEqual([
      "  - my delivery is late",
      "  - my package has not arrived",
      "  - where is my parcel",
    ]);
  });

  it("should print the named version as JSON, the shape of unmatchedLines", async () => {
    const run = await runCli([
      "stats",
      "--unmatched",
      "--version",
      String(started.version),
      "--json",
      "--url",
      started.app.url,
      "--token",
      ADMIN_TOKEN,
    ]);
    expect(run.code).toBe(0);
    const rest = await fetch(`${started.app.url}/analytics/unmatched?version=${started.version}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(JSON.parse(run.stdout)).toEqual({
      version: started.version,
      groupedBy: "similarity",
      groups: await rest.json(),
    });
  });

  it("should say in one line what went wrong: a time window, an unknown version", async () => {
    const window = await runCli(["stats", "--unmatched", "--from", "2026-01-01", "--url", started.app.url]);
    expect(window.code).not.toBe(0);
    expect(window.stderr).toBe(
      "chatflow: --from and --to do not apply to --unmatched (it reads the most recent lines)\n",
    );
    const unknown = await runCli(["stats", "--unmatched", "--version", "999", "--url", started.app.url], {
      env: { CHATFLOW_TOKEN: ADMIN_TOKEN },
    });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toBe("chatflow: the server answered NOT_FOUND: flow version 999 does not exist\n");
  });
});
