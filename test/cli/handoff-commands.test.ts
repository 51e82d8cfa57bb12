import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient, botTexts, lastFrame, type Frame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { addOperator } from "../utils/handoff-clients.ts";
import { cliEnv, REPO_ROOT, tempConfigHome } from "../utils/run-cli.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";
import { TMUX, TmuxSession } from "../utils/tmux.ts";
import { skipNote } from "../utils/skip-note.ts";

if (!TMUX) console.warn("[chatflow tests] tmux is not installed: the handoff CLI test is skipped");

const ADMIN = "admin-secret-cli-handoff";
/** Node starts slowly on a busy machine; screens are waited for with room to spare. */
const SLOW = 60_000;
const flow = JSON.parse(fs.readFileSync("test/fixtures/handoff.json", "utf8")) as unknown;

describe.skipIf(!TMUX)(
  `chatflow inbox, takeover and operators at a terminal${skipNote({ tmux: true })}`,
  { timeout: 180_000 },
  () => {
    let app: Awaited<ReturnType<typeof startTestApp>>;
    const inbox = new TmuxSession();
    const takeover = new TmuxSession();
    const admin = new TmuxSession();
    let env: Record<string, string>;

    beforeAll(async () => {
      app = await startTestApp({ ADMIN_TOKEN: ADMIN }, { ports: createFakePorts() });
      await uploadFlow(app.url, flow, ADMIN);
      env = { PATH: cliEnv()["PATH"] ?? "", XDG_CONFIG_HOME: await tempConfigHome(), NO_COLOR: "1" };
    });
    afterAll(async () => {
      await Promise.all([inbox.kill(), takeover.kill(), admin.kill()]);
      await app.stop();
    });

    it("should add and list operators with ADMIN_TOKEN", async () => {
      await admin.start(
        ["node", "cli/main.ts", "operators", "add", "Zoe", "--url", app.url, "--token", ADMIN],
        env,
        REPO_ROOT,
      );
      const screen = await admin.waitFor((s) => s.includes("[exit "), SLOW);
      expect(screen).toContain("[exit 0]");
      expect(screen).toMatch(/token: [\w-]{40,}/);
    });

    it("should show a waiting customer live in the inbox, then let the operator take over and release", async () => {
      const ana = await addOperator(app.url, ADMIN, "Ana");
      await inbox.start(["node", "cli/main.ts", "inbox", "--url", app.url, "--token", ana.token], env, REPO_ROOT);
      await inbox.waitFor((s) => s.includes("handoff queue: 0 conversations"), SLOW);
      // The inbox subscribes after printing: give it a moment by waiting for the server to count it.
      await waitForListener(app);

      const customer = await ChatClient.open(app.wsUrl, { name: "Eve" });
      const session = (await customer.turn())[0] as Frame & { sessionId: string };
      await customer.say("agent please");
      await inbox.waitFor((s) => s.includes(session.sessionId) && s.includes("waiting"), SLOW);

      await takeover.start(
        ["node", "cli/main.ts", "takeover", session.sessionId, "--url", app.url, "--token", ana.token],
        env,
        REPO_ROOT,
      );
      await takeover.waitFor((s) => s.includes("you are Ana"), SLOW);
      expect(await customer.until((f) => f.type === "handoff")).toEqual([
        { type: "handoff", sessionId: session.sessionId, status: "assigned", operator: "Ana" },
      ]);
      await inbox.waitFor((s) => s.includes("held by Ana"), SLOW);

      await takeover.type("Hello Eve, Ana here");
      expect(await customer.until((f) => f.type === "message")).toEqual([
        expect.objectContaining({ sender: "operator", operator: "Ana", text: "Hello Eve, Ana here" }),
      ]);
      await customer.say("thanks Ana, it works now");
      await takeover.waitFor((s) => s.includes("customer › thanks Ana, it works now"), SLOW);

      await takeover.type("/release");
      const pushed = await customer.turn();
      expect(botTexts(pushed)).toEqual(["The bot is back. Anything else?"]);
      expect(lastFrame(pushed)).toMatchObject({ type: "waiting", blockId: "listen" });
      expect(await takeover.waitFor((s) => s.includes("[exit "), SLOW)).toContain("[exit 0]");
      await inbox.waitFor((s) => s.includes("handoff queue: 0 conversations"), SLOW);
      customer.close();
    });
  },
);

async function waitForListener(app: Awaited<ReturnType<typeof startTestApp>>): Promise<void> {
  for (;;) {
    const { values } = await app.metrics.subscriptions.get();
    if ((values.find((v) => v.labels.subscription === "handoffUpdated")?.value ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
