import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { ChatClient, botTexts, connectCustomer, lastFrame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { addOperator, operatorClient } from "../utils/handoff-clients.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";
import { createPostgresDatabase, TEST_DATABASE_URL } from "../utils/test-database.ts";
import { skipNote } from "../utils/skip-note.ts";

/**
 * Timers run on the app's clock, which these tests move by hand; `timers.runNow()` fires what is
 * due and resolves when done, so no test waits for real time to pass.
 */
const flow = JSON.parse(fs.readFileSync("test/fixtures/timers.json", "utf8")) as { blocks: unknown[] };

const MINUTE = 60_000;
const apps: App[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const app of apps) await app.stop();
  for (const cleanup of cleanups) await cleanup();
});

/** A clock tests move forward by hand. */
function manualClock(start = Date.UTC(2026, 10, 30, 9)) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

async function start(env: Record<string, string> = {}, clock = manualClock()) {
  const app = await startTestApp(env, { ports: createFakePorts(), now: clock.now });
  apps.push(app);
  return { app, clock };
}

const connect = (app: App & { wsUrl: string }, query?: Record<string, string>) => connectCustomer(app.wsUrl, query);

async function timeoutSteps(app: App, sessionId: string) {
  return (await app.store.listSessionSteps(sessionId)).filter((step) => step.kind === "timeout");
}

describe("timers on one instance", () => {
  it("should push the turn of a silent customer's timeout to the open connection, and the next one's", async () => {
    const { app, clock } = await start();
    await uploadFlow(app.url, flow);
    const { client, session, frames } = await connect(app);
    expect(lastFrame(frames)).toEqual({ type: "waiting", sessionId: session.sessionId, blockId: "ask" });

    clock.advance(10 * MINUTE);
    await app.timers.runNow();
    const reminded = await client.turn();
    expect(botTexts(reminded)).toEqual(["Still there?"]);
    expect(lastFrame(reminded)).toEqual({ type: "waiting", sessionId: session.sessionId, blockId: "askAgain" });

    clock.advance(60 * MINUTE);
    await app.timers.runNow();
    const closed = await client.turn();
    expect(botTexts(closed)).toEqual(["Closing this chat for now."]);
    expect(lastFrame(closed)).toEqual({ type: "ended", sessionId: session.sessionId });
    expect((await app.store.findSession(session.sessionId))?.timerDueAt).toBeNull();
    client.close();
  });

  it("should not fire before its time, and a customer message first cancels it", async () => {
    const { app, clock } = await start();
    await uploadFlow(app.url, flow);
    const { client, session } = await connect(app);
    clock.advance(9 * MINUTE);
    await app.timers.runNow();
    clock.advance(MINUTE - 1);
    await app.timers.runNow();
    const answered = await client.say("A-17");
    // The very next frames answer the message: no timeout turn came before them.
    expect(botTexts(answered)).toEqual(["Thanks for A-17."]);
    // The reply started the wait's time again: 10 minutes from now, not from the greeting.
    const stored = await app.store.findSession(session.sessionId);
    expect(stored?.timerDueAt).toEqual(new Date(clock.now().getTime() + 10 * MINUTE));
    clock.advance(2 * MINUTE);
    await app.timers.runNow();
    expect(await timeoutSteps(app, session.sessionId)).toEqual([]);
    expect(botTexts(await client.say("still here"))).toEqual(["Thanks for still here."]);
    client.close();
  });

  it("should leave an offline customer's timeout turn in the history and resume at the block it waits at", async () => {
    const { app, clock } = await start();
    await uploadFlow(app.url, flow);
    const { client, session } = await connect(app);
    client.close();
    await client.whenClosed;
    clock.advance(10 * MINUTE);
    await app.timers.runNow();
    const again = await ChatClient.open(app.wsUrl, { customerId: session.customerId, token: session.customerToken });
    const frames = await again.turn();
    expect(frames.map((f) => f.type)).toEqual(["session", "waiting"]);
    expect(lastFrame(frames)).toEqual({ type: "waiting", sessionId: session.sessionId, blockId: "askAgain" });
    const history = await fetch(`${app.url}/message/list?customerId=${session.customerId}`);
    const { messages } = (await history.json()) as { messages: { text: string }[] };
    expect(messages.map((m) => m.text)).toEqual(["Your order number?", "Still there?"]);
    again.close();
  });

  it("should time out a handoff nobody claimed: released, the flow at timeout.next, out of the queue", async () => {
    const { app, clock } = await start();
    await uploadFlow(app.url, flow);
    const { client, session } = await connect(app);
    await client.say("a human please");
    // Customer messages while queued do not start the handoff's time again.
    clock.advance(MINUTE);
    await client.say("hello?");
    clock.advance(30_000);
    await app.timers.runNow();
    const frames = await client.turn();
    expect(frames).toEqual([
      expect.objectContaining({ type: "handoff", sessionId: session.sessionId, status: "released" }),
      expect.objectContaining({ type: "message", sender: "bot", text: "Nobody is free right now." }),
      { type: "waiting", sessionId: session.sessionId, blockId: "ask" },
    ]);
    const queue = await graphql(
      app,
      `
        {
          handoffQueue {
            sessionId
          }
        }
      `,
    );
    expect(queue).toEqual({ data: { handoffQueue: [] } });
    client.close();
  });

  it("should not time out a handoff an operator claimed in time", async () => {
    const { app, clock } = await start();
    await uploadFlow(app.url, flow);
    const { client, session } = await connect(app);
    await client.say("human");
    const claimed = await graphql(app, `mutation { claimConversation(sessionId: "${session.sessionId}") { status } }`);
    expect(claimed).toEqual({ data: { claimConversation: { status: "ASSIGNED" } } });
    clock.advance(10 * MINUTE);
    await app.timers.runNow();
    expect(await timeoutSteps(app, session.sessionId)).toEqual([]);
    expect((await app.store.findSession(session.sessionId))?.handoff?.status).toBe("assigned");
    client.close();
  });
  it("should count a requeued handoff's time anew when its operator is removed, and time it out", async () => {
    const { app, clock } = await start({ ADMIN_TOKEN: "admin-secret" });
    await uploadFlow(app.url, flow, "admin-secret");
    const { client, session } = await connect(app);
    await client.say("human");
    const operator = await addOperator(app.url, "admin-secret", "Grace");
    await operatorClient(app.url, operator.token).claim(session.sessionId);
    clock.advance(10 * MINUTE);
    const removed = await fetch(`${app.url}/operators/${operator.id}`, {
      method: "DELETE",
      headers: { authorization: "Bearer admin-secret" },
    });
    expect(removed.status).toBe(204);
    const requeued = await app.store.findSession(session.sessionId);
    expect(requeued?.handoff?.status).toBe("queued");
    expect(requeued?.timerDueAt).toEqual(new Date(clock.now().getTime() + 90_000));

    clock.advance(90_000 - 1);
    await app.timers.runNow();
    expect(await timeoutSteps(app, session.sessionId)).toEqual([]);
    clock.advance(1);
    await app.timers.runNow();
    expect(await timeoutSteps(app, session.sessionId)).toHaveLength(1);
    expect((await app.store.findSession(session.sessionId))?.handoff?.status).toBe("released");
    client.close();
  });
});

describe("timers across restarts", () => {
  it("should fire a timer that fell due while the server was down once, when it starts again", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chatflow-timers-"));
    cleanups.push(() => fs.promises.rm(dir, { recursive: true, force: true }));
    const env = { DATABASE_URL: `file:${dir}` };
    const clock = manualClock();
    const first = await startTestApp(env, { ports: createFakePorts(), now: clock.now });
    await uploadFlow(first.url, flow);
    const { client, session } = await connect(first);
    client.close();
    await first.stop();

    clock.advance(3 * 60 * MINUTE); // both timers would have gone off meanwhile; the first fires, late
    const second = await startTestApp(env, { ports: createFakePorts(), now: clock.now });
    apps.push(second);
    await second.timers.runNow();
    await second.timers.runNow();
    const steps = await timeoutSteps(second, session.sessionId);
    expect(steps.map((step) => step.blockId)).toEqual(["ask"]);
    // Its turn set the next wait's timer from the time it fired.
    expect((await second.store.findSession(session.sessionId))?.timerDueAt).toEqual(
      new Date(clock.now().getTime() + 60 * MINUTE),
    );
  });
});

describe.skipIf(!TEST_DATABASE_URL)(`timers on two instances on PostgreSQL${skipNote({ postgres: true })}`, () => {
  it("should fire each timer on one instance only", async () => {
    const database = await createPostgresDatabase();
    cleanups.push(() => database.drop());
    const clock = manualClock();
    const env = { DATABASE_URL: database.url };
    const { app: one } = await start(env, clock);
    const { app: two } = await start(env, clock);
    await uploadFlow(one.url, flow);
    const sessions = [];
    for (let i = 0; i < 20; i += 1) {
      const { client, session } = await connect(i % 2 ? one : two, { name: `c${i}` });
      client.close();
      sessions.push(session.sessionId);
    }
    clock.advance(10 * MINUTE);
    await Promise.all([one.timers.runNow(), two.timers.runNow(), one.timers.runNow(), two.timers.runNow()]);
    for (const sessionId of sessions) {
      expect((await timeoutSteps(one, sessionId)).length, sessionId).toBe(1);
    }
  });
});

async function graphql(app: App, query: string): Promise<unknown> {
  const response = await fetch(`${app.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  return response.json();
}
