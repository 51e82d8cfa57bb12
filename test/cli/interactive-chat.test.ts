import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRepoFile } from "../utils/flows.ts";
import { cliEnv, REPO_ROOT, tempConfigHome } from "../utils/run-cli.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";
import { TMUX, TmuxSession } from "../utils/tmux.ts";
import { skipNote } from "../utils/skip-note.ts";

if (!TMUX) console.warn("[chatflow tests] tmux is not installed: the interactive chat test is skipped");

describe.skipIf(!TMUX)(`chatflow chat at a terminal${skipNote({ tmux: true })}`, () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  const terminal = new TmuxSession();
  const again = new TmuxSession();
  let env: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp();
    await uploadFlow(app.url, JSON.parse(readRepoFile("test/fixtures/coffee.json")));
  });
  afterAll(async () => {
    await terminal.kill();
    await again.kill();
    await app.stop();
  });

  it("should show the bot's reply to a typed message on screen and leave with /quit", async () => {
    env = { PATH: cliEnv()["PATH"] ?? "", XDG_CONFIG_HOME: await tempConfigHome(), NO_COLOR: "1" };
    await terminal.start(
      ["node", "cli/main.ts", "chat", "--url", app.url, "--customer", "tess", "--name", "Tess"],
      env,
      REPO_ROOT,
    );
    await terminal.waitFor((screen) => screen.includes("bot › Hi Tess! Espresso or latte?"));

    await terminal.type("tea please");
    const screen = await terminal.waitFor((s) => s.includes("bot › Espresso or latte, please."));
    // What the person typed stays on the prompt line, once; the reply is on its own line.
    expect(screen.match(/you › tea please/g)).toHaveLength(1);

    await terminal.type("/quit");
    const end = await terminal.waitFor((s) => s.includes("[exit "));
    expect(end).toContain("[exit 0]");
  });

  it("should show where a resumed conversation left off and leave cleanly on Ctrl-C", async () => {
    await again.start(["node", "cli/main.ts", "chat", "--url", app.url, "--customer", "tess"], env, REPO_ROOT);
    const screen = await again.waitFor((s) => s.includes("bot › Espresso or latte, please."));
    expect(screen).toContain("(resumed tess's conversation where it stopped");
    expect(screen).not.toContain("Hi Tess!"); // the greeting is not sent again

    await again.keys("C-c");
    expect(await again.waitFor((s) => s.includes("[exit "))).toContain("[exit 0]");
  });
});
