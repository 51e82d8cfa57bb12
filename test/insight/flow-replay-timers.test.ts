import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { botTexts, connectCustomer } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";
import { createPostgresDatabase, STORAGE_KINDS } from "../utils/test-database.ts";

const MINUTE = 60_000;
/** test/fixtures/timers.json: a reminder after 10 minutes of silence, the chat closed an hour later. */
const flow = JSON.parse(fs.readFileSync("test/fixtures/timers.json", "utf8")) as { blocks: { id: string }[] };

/**
 * Two real conversations whose timers fire (the app's clock moved by hand, `timers.runNow()`):
 * Bo never answers (turn 2 the reminder, turn 3 the close); Al gives an order (turn 2), is
 * reminded when he next goes quiet (turn 3), then answers (turn 4).
 */
async function converse(env: Record<string, string>) {
  let now = Date.UTC(2026, 10, 30, 9);
  const app = await startTestApp(env, { ports: createFakePorts(), now: () => new Date(now) });
  const sessions: Record<string, string> = {};
  await uploadFlow(app.url, flow);
  const bo = await connectCustomer(app.wsUrl, { name: "Bo" });
  sessions["Bo"] = bo.session.sessionId;
  now += 10 * MINUTE;
  await app.timers.runNow();
  expect(botTexts(await bo.client.turn())).toEqual(["Still there?"]);
  now += 60 * MINUTE;
  await app.timers.runNow();
  expect(botTexts(await bo.client.turn())).toEqual(["Closing this chat for now."]);
  bo.client.close();
  const al = await connectCustomer(app.wsUrl, { name: "Al" });
  sessions["Al"] = al.session.sessionId;
  await al.client.say("A-17");
  now += 10 * MINUTE;
  await app.timers.runNow();
  expect(botTexts(await al.client.turn())).toEqual(["Still there?"]);
  expect(botTexts(await al.client.say("B-2"))).toEqual(["Thanks for B-2."]);
  al.client.close();
  return { app, sessions };
}

async function replay(app: App, candidate: unknown) {
  const response = await fetch(`${app.url}/config/replay`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(candidate),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { sessions: number; diverged: number; divergences: unknown[] };
}

const withBlock = (id: string, change: Record<string, unknown>) => ({
  ...flow,
  blocks: flow.blocks.map((block) => (block.id === id ? { ...block, ...change } : block)),
});

describe.each(STORAGE_KINDS)("replaying stored timeouts on %s", (kind) => {
  let app: App;
  let sessions: Record<string, string>;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    const database = kind === "postgres" ? await createPostgresDatabase() : undefined;
    if (database) cleanups.push(() => database.drop());
    ({ app, sessions } = await converse(database ? { DATABASE_URL: database.url } : {}));
    cleanups.unshift(() => app.stop());
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it("should replay each stored timeout at its turn: the flow itself does not diverge", async () => {
    expect(await replay(app, flow)).toMatchObject({ sessions: 2, diverged: 0, divergences: [] });
  });

  it("should show a changed reminder at the turn the timer fired", async () => {
    const report = await replay(app, withBlock("remind", { text: "Are you still with us?" }));
    const at = (sessionId: string | undefined, turn: number) => ({
      sessionId,
      turn,
      before: { blockId: "remind", text: "Still there?" },
      after: { blockId: "remind", text: "Are you still with us?" },
    });
    expect(report.divergences).toEqual([at(sessions["Al"], 3), at(sessions["Bo"], 2)]);
  });

  it("should show that a stored timeout changes nothing where the candidate has no timer", async () => {
    const report = await replay(app, withBlock("ask", { timeout: undefined }));
    const silent = (sessionId: string | undefined, turn: number) => ({
      sessionId,
      turn,
      before: { blockId: "remind", text: "Still there?" },
      after: { blockId: null, text: null },
    });
    expect(report.divergences).toEqual([silent(sessions["Al"], 3), silent(sessions["Bo"], 2)]);
  });

  // Last: it rewrites the stored rows.
  it("should place the lines of messages stored without their turn (older rows) in the same turns", async () => {
    const changed = withBlock("remind", { text: "Are you still with us?" });
    const numbered = await replay(app, changed);
    await app.database.prisma.$executeRaw`UPDATE "Message" SET "turn" = NULL`;
    expect(await replay(app, changed)).toEqual(numbered);
    expect(await replay(app, flow)).toMatchObject({ diverged: 0 });
  });
});
