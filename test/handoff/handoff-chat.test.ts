import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient, botTexts, connectCustomer, lastFrame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

const flow = JSON.parse(fs.readFileSync("test/fixtures/handoff.json", "utf8")) as unknown;
let app: Awaited<ReturnType<typeof startTestApp>>;
const admin = { operatorId: null, name: "Admin", admin: true };

beforeAll(async () => {
  app = await startTestApp({}, { ports: createFakePorts() });
  await uploadFlow(app.url, flow);
});
afterAll(() => app.stop());

const connect = (query?: Record<string, string | undefined>) => connectCustomer(app.wsUrl, query);

describe("handoff on /chat", () => {
  it("should send the handoff text, a queued status frame and waiting at the handoff block", async () => {
    const { client, session } = await connect();
    const frames = await client.say("I need a human");
    expect(frames.map((f) => f.type)).toEqual(["message", "message", "handoff", "waiting"]);
    expect(botTexts(frames)).toEqual(["Connecting you to a person…"]);
    expect(frames[2]).toEqual({ type: "handoff", sessionId: session.sessionId, status: "queued" });
    expect(lastFrame(frames)).toEqual({ type: "waiting", sessionId: session.sessionId, blockId: "toHuman" });
    client.close();
  });

  it("should store and echo customer messages while queued, with no bot reply and no trigger", async () => {
    const { client, session } = await connect();
    await client.say("agent");
    for (const text of ["hello?", "feedback", "agent!"]) {
      const frames = await client.say(text);
      expect(frames).toEqual([
        expect.objectContaining({ type: "message", sender: "customer", text }),
        { type: "waiting", sessionId: session.sessionId, blockId: "toHuman" },
      ]);
    }
    const stored = await app.store.findSession(session.sessionId);
    expect(stored?.handoff).toMatchObject({ status: "queued", queue: "support" });
    client.close();
  });

  it("should resume a handoff on reconnect: the handoff status, then waiting at the handoff block", async () => {
    const { client, session } = await connect();
    await client.say("human please");
    client.close();
    const again = await ChatClient.open(app.wsUrl, { customerId: session.customerId, token: session.customerToken });
    const frames = await again.turn();
    expect(frames.map((f) => f.type)).toEqual(["session", "handoff", "waiting"]);
    expect(frames[0]).toMatchObject({ resumed: true, sessionId: session.sessionId });
    expect(lastFrame(frames)).toEqual({ type: "waiting", sessionId: session.sessionId, blockId: "toHuman" });
    again.close();
  });

  it("should push the release turn to the customer: released status, bot messages, waiting", async () => {
    const { client, session } = await connect();
    await client.say("agent");
    await app.chat.release({ sessionId: session.sessionId, by: admin });
    const pushed = await client.turn();
    expect(pushed.map((f) => f.type)).toEqual(["handoff", "message", "waiting"]);
    expect(pushed[0]).toMatchObject({ type: "handoff", status: "released" });
    expect(botTexts(pushed)).toEqual(["The bot is back. Anything else?"]);
    expect(lastFrame(pushed)).toMatchObject({ blockId: "listen" });
    expect(botTexts(await client.say("ping"))).toEqual(["Bot heard: ping"]);
    client.close();
  });

  it("should continue at a named block and refuse a block the flow does not have", async () => {
    const { client, session } = await connect();
    await client.say("agent");
    await expect(app.chat.release({ sessionId: session.sessionId, goto: "nowhere", by: admin })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await app.chat.release({ sessionId: session.sessionId, goto: "bye", by: admin });
    const pushed = await client.turn();
    expect(botTexts(pushed)).toEqual(["Goodbye from the bot."]);
    expect(lastFrame(pushed)).toEqual({ type: "ended", sessionId: session.sessionId });
    await expect(app.chat.release({ sessionId: session.sessionId, by: admin })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    client.close();
  });
});
