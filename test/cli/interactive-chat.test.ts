import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRepoFile } from "../utils/flows.ts";
import { cliEnv, REPO_ROOT, tempConfigHome } from "../utils/run-cli.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";
import { TMUX, TmuxSession } from "../utils/tmux.ts";

if (!TMUX) console.warn("[chatflow tests] tmux is not installed: the interactive chat test is skipped");

describe.skipIf(!TMUX)("chatflow chat at a terminal", () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  const terminal = new TmuxSession();

  beforeAll(async () => {
    app = await startTestApp();
    await uploadFlow(app.url, JSON.parse(readRepoFile("test/fixtures/coffee.json")));
  });
  afterAll(async () => {
    await terminal.kill();
    await app.stop();
  });

  it("should show the bot's reply to a typed message on screen and leave with /quit", async () => {
    const env = cliEnv({ XDG_CONFIG_HOME: await tempConfigHome() });
    await terminal.start(
      ["node", "cli/main.ts", "chat", "--url", app.url, "--name", "Tess"],
      { PATH: env["PATH"] ?? "", XDG_CONFIG_HOME: env["XDG_CONFIG_HOME"] ?? "", NO_COLOR: "1" },
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
});
