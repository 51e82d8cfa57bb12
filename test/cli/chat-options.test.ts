import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRepoFile } from "../utils/flows.ts";
import { cliEnv, lines, REPO_ROOT, runCli, tempConfigHome } from "../utils/run-cli.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";
import { TMUX, TmuxSession } from "../utils/tmux.ts";
import { skipNote } from "../utils/skip-note.ts";

// test/fixtures/topics.json: a choice between three topics, then a free-text question.
const OPTIONS_LINE = "      1. Weather  2. Travel  3. Restaurants";

describe("chatflow chat with quick replies", () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  const terminal = new TmuxSession();

  beforeAll(async () => {
    app = await startTestApp();
    await uploadFlow(app.url, JSON.parse(readRepoFile("test/fixtures/topics.json")));
  });
  afterAll(async () => {
    await terminal.kill();
    await app.stop();
  });

  it("should print the options numbered under the question and send a typed number as it is", async () => {
    const run = await runCli(["chat", "--url", app.url, "--name", "Ada"], {
      input: "pizza\n2\nno\n",
      env: { XDG_CONFIG_HOME: await tempConfigHome() },
    });
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      "bot › Hi Ada! What would you like?",
      OPTIONS_LINE,
      "you › pizza",
      "bot › Please pick one of: 1. Weather, 2. Travel, 3. Restaurants.",
      OPTIONS_LINE,
      "you › 2",
      "bot › You picked travel. Anything to add?",
      "you › no",
      "bot › Bye!",
    ]);
  });

  it.skipIf(!TMUX)(
    `should show the options at a terminal and pick one by its number${skipNote({ tmux: true })}`,
    async () => {
      const env = { PATH: cliEnv()["PATH"] ?? "", XDG_CONFIG_HOME: await tempConfigHome(), NO_COLOR: "1" };
      await terminal.start(["node", "cli/main.ts", "chat", "--url", app.url, "--name", "Tess"], env, REPO_ROOT);
      // The options line is written after the question: wait for it, not only for the question.
      const greeting = await terminal.waitFor((s) => s.includes(OPTIONS_LINE));
      expect(greeting).toContain(`Hi Tess! What would you like?\n${OPTIONS_LINE}\n`);

      await terminal.type("3");
      await terminal.waitFor((s) => s.includes("bot › You picked restaurants. Anything to add?"));
      await terminal.type("/quit");
      expect(await terminal.waitFor((s) => s.includes("[exit "))).toContain("[exit 0]");
    },
  );
});
