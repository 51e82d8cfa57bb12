import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRepoFile } from "../utils/flows.ts";
import { lines, runCli, tempConfigHome } from "../utils/run-cli.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

describe("chatflow chat (stdin not a terminal)", () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let configHome: string;
  const chat = (args: string[], input: string, home = configHome) =>
    runCli(["chat", "--url", app.url, ...args], { input, env: { XDG_CONFIG_HOME: home } });

  beforeAll(async () => {
    app = await startTestApp();
    await uploadFlow(app.url, JSON.parse(readRepoFile("test/fixtures/coffee.json")));
    configHome = await tempConfigHome();
  });
  afterAll(() => app.stop());

  it("should print the conversation with bot replies apart from the customer's lines and exit 0 when it ends", async () => {
    const run = await chat(["--name", "Ada"], "latte\nespresso\n");
    expect(run.code).toBe(0);
    // The conversation ended after "latte": the next line is not sent.
    expect(lines(run.stdout)).toEqual([
      "bot › Hi Ada! Espresso or latte?",
      "you › latte",
      "bot › One latte coming up.",
      "bot › Enjoy!",
    ]);
  });

  it("should exit 0 when the input ends before the conversation does", async () => {
    const run = await chat(["--name", "Bo"], "tea\n\n");
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      "bot › Hi Bo! Espresso or latte?",
      "you › tea",
      "bot › Espresso or latte, please.",
    ]);
  });

  it("should accept a ws:// URL as well as an http:// one", async () => {
    const run = await runCli(["chat", "--url", app.wsUrl], { input: "", env: { XDG_CONFIG_HOME: configHome } });
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual(["bot › Hi there! Espresso or latte?"]);
  });

  it("should resume a customer's conversation with --customer, using the token it remembered", async () => {
    const first = await chat(["--customer", "alice", "--name", "Alice"], "I want to leave a review\n");
    expect(first.code).toBe(0);
    expect(lines(first.stdout).at(-1)).toBe("bot › Please rate your experience from 1-5");

    const second = await chat(["--customer", "alice"], "5\ngreat coffee\n");
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/resumed alice's conversation/);
    // No new greeting: the conversation goes on at the rating question.
    expect(lines(second.stdout)).toEqual([
      "you › 5",
      "bot › Anything to add?",
      "you › great coffee",
      "bot › Thanks for your feedback!",
    ]);
  });

  it("should keep the tokens in XDG_CONFIG_HOME/chatflow/customers.json, readable only by the user", async () => {
    await chat(["--customer", "carol"], "");
    const path = join(configHome, "chatflow", "customers.json");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await readFile(path, "utf8")) as Record<string, Record<string, { token: string }>>;
    expect(stored[app.url]?.["carol"]?.token).toEqual(expect.any(String));
  });

  it("should say in one line that a customer exists when its token is not stored, and exit non-zero", async () => {
    await chat(["--customer", "dave"], "");
    const run = await chat(["--customer", "dave"], "hello\n", await tempConfigHome());
    expect(run.code).not.toBe(0);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/^chatflow: customer "dave" already exists on http:/)]);
  });

  it("should print the customer's history with /history and leave with /quit", async () => {
    const run = await chat(["--customer", "erin", "--name", "Erin"], "tea\n/history\n/quit\nlatte\n");
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out.slice(0, 3)).toEqual([
      "bot › Hi Erin! Espresso or latte?",
      "you › tea",
      "bot › Espresso or latte, please.",
    ]);
    expect(out.slice(3)).toEqual([
      expect.stringMatching(/^── session \S+ · /),
      expect.stringMatching(/^\d\d:\d\d:\d\d {2}bot › Hi Erin! Espresso or latte\?$/),
      expect.stringMatching(/^\d\d:\d\d:\d\d {2}you › tea$/),
      expect.stringMatching(/^\d\d:\d\d:\d\d {2}bot › Espresso or latte, please\.$/),
    ]);
    expect(run.stdout).not.toContain("latte coming up"); // /quit stopped before "latte"
  });
});
