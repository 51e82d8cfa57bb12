import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRepoFile } from "../utils/flows.ts";
import { cliEnv, REPO_ROOT, tempConfigHome } from "../utils/run-cli.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";
import { TMUX, TmuxSession } from "../utils/tmux.ts";
import { skipNote } from "../utils/skip-note.ts";

/** The screen's lines without trailing blanks, empty lines dropped. */
const lines = (screen: string) =>
  screen
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line !== "");

// test/fixtures/reminder.json: a question whose wait block reminds after 5 s of silence.
describe.skipIf(!TMUX)(
  `chatflow chat at a terminal when the server reminds a silent customer${skipNote({ tmux: true })}`,
  () => {
    let app: Awaited<ReturnType<typeof startTestApp>>;
    const terminal = new TmuxSession();

    beforeAll(async () => {
      app = await startTestApp();
      await uploadFlow(app.url, JSON.parse(readRepoFile("test/fixtures/reminder.json")));
    });
    afterAll(async () => {
      await terminal.kill();
      await app.stop();
    });

    it("should print the reminder as it arrives, unprompted, and go on answering", async () => {
      const env = { PATH: cliEnv()["PATH"] ?? "", XDG_CONFIG_HOME: await tempConfigHome(), NO_COLOR: "1" };
      await terminal.start(["node", "cli/main.ts", "chat", "--url", app.url, "--name", "Tess"], env, REPO_ROOT);
      await terminal.waitFor((s) => s.includes("bot › Your order number?"));
      // Half an answer typed when the reminder arrives: it must not be broken up or lost.
      await terminal.waitFor((s) => lines(s).at(-1) === "you ›");
      await terminal.keys("-l", "A-");
      const reminded = await terminal.waitFor((s) => s.includes("bot › Still there?"));
      expect(reminded.indexOf("bot › Your order number?")).toBeLessThan(reminded.indexOf("bot › Still there?"));
      // The reminder takes the prompt's line, on its own, and the prompt comes back under it
      // with what was typed so far.
      const after = await terminal.waitFor((s) => lines(s).at(-1) === "you › A-");
      expect(lines(after).slice(-2)).toEqual(["bot › Still there?", "you › A-"]);
      await terminal.type("1");
      await terminal.waitFor((s) => s.includes("bot › Thanks for A-1."));
      expect(await terminal.waitFor((s) => s.includes("[exit "))).toContain("[exit 0]");
    });
  },
);
