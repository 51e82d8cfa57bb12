import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient, botTexts, connectCustomer, lastFrame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

const coffee = JSON.parse(fs.readFileSync("test/fixtures/coffee.json", "utf8")) as unknown;
let app: Awaited<ReturnType<typeof startTestApp>>;
let version: number;

beforeAll(async () => {
  app = await startTestApp({}, { ports: createFakePorts() });
  version = await uploadFlow(app.url, coffee);
});
afterAll(() => app.stop());

const connect = (query?: Record<string, string | undefined>) => connectCustomer(app.wsUrl, query);

describe("/chat", () => {
  it("should start a conversation on connect with a session frame, the greeting and waiting", async () => {
    const { client, frames, session } = await connect();
    expect(session).toMatchObject({ resumed: false, flowVersion: version });
    expect(session.customerToken).toMatch(/^[\w-]{40,}$/);
    expect(botTexts(frames)).toEqual(["Hi Ada! Espresso or latte?"]);
    expect(lastFrame(frames)).toEqual({ type: "waiting", sessionId: session.sessionId, blockId: "pick" });
    client.close();
  });

  it("should echo the stored message as a receipt, then the bot messages in order, then the end of turn", async () => {
    const { client } = await connect();
    const frames = await client.say("latte", "c-1");
    expect(frames.map((f) => f.type)).toEqual(["message", "message", "message", "ended"]);
    expect(frames[0]).toMatchObject({ sender: "customer", text: "latte", clientMsgId: "c-1", blockId: null });
    expect(botTexts(frames)).toEqual(["One latte coming up.", "Enjoy!"]);
    client.close();
  });

  it("should run a trigger during a wait and return to the interrupted wait after the feedback", async () => {
    const { client } = await connect();
    expect(botTexts(await client.say("I want to leave a review"))).toEqual(["Please rate your experience from 1-5"]);
    expect(botTexts(await client.say("6"))).toEqual(["A whole number from 1 to 5, please."]);
    expect(botTexts(await client.say("4"))).toEqual(["Anything to add?"]);
    const frames = await client.say("Great, and the review trigger must not fire again");
    expect(botTexts(frames)).toEqual(["Thanks for your feedback!"]);
    expect(lastFrame(frames)).toMatchObject({ type: "waiting", blockId: "pick" });
    client.close();
  });

  it("should refuse a known customer without its token with 401", async () => {
    const { client, session } = await connect();
    client.close();
    for (const token of [undefined, "forged"]) {
      await expect(ChatClient.open(app.wsUrl, { customerId: session.customerId, token })).rejects.toMatchObject({
        status: 401,
      });
    }
  });

  it("should resume the active session on reconnect without re-sending anything", async () => {
    const first = await connect();
    await first.client.say("mocha");
    first.client.close();
    const again = await connect({ customerId: first.session.customerId, token: first.session.customerToken });
    expect(again.frames.map((f) => f.type)).toEqual(["session", "waiting"]);
    expect(again.session).toMatchObject({ sessionId: first.session.sessionId, resumed: true });
    expect(lastFrame(again.frames)).toMatchObject({ blockId: "pick" });
    // The retry count survived the reconnect: one more wrong answer exhausts max 2.
    expect(botTexts(await again.client.say("tea"))).toEqual(["Espresso or latte, please."]);
    again.client.close();
  });

  it("should answer a repeated clientMsgId with the stored receipt and not process it again", async () => {
    const { client } = await connect();
    const first = await client.say("mocha", "dup-1");
    const repeat = await client.say("mocha", "dup-1");
    expect(repeat.map((f) => f.type)).toEqual(["message", "waiting"]);
    expect(repeat[0]).toMatchObject({ id: first[0]!.id, sender: "customer", clientMsgId: "dup-1" });
    const steps = await app.database.prisma.message.count({
      where: { clientMsgId: "dup-1", sessionId: String(first[0]!.sessionId) },
    });
    expect(steps).toBe(1);
    client.close();
  });

  it("should take a text frame that is not a JSON object as the message text", async () => {
    const { client } = await connect();
    const frames = await client.sendRaw("latte");
    expect(frames[0]).toMatchObject({ sender: "customer", text: "latte" });
    expect(lastFrame(frames)?.type).toBe("ended");
    client.close();
  });

  it.each([
    ["blank text", JSON.stringify({ type: "message", text: "   " }), false, "BAD_FRAME"],
    ["a blank plain frame", "  ", false, "BAD_FRAME"],
    ["an unknown type", JSON.stringify({ type: "shout", text: "hi" }), false, "BAD_FRAME"],
    ["a missing text", JSON.stringify({ type: "message" }), false, "BAD_FRAME"],
    ["a text that is not a string", JSON.stringify({ type: "message", text: 5 }), false, "BAD_FRAME"],
    ["an unknown field", JSON.stringify({ type: "message", text: "hi", extra: 1 }), false, "BAD_FRAME"],
    ["a binary frame", Buffer.from("latte"), true, "BAD_FRAME"],
    ["invalid UTF-8", Buffer.from([0xc3, 0x28]), false, "BAD_FRAME"],
    ["a text over 4000 characters", JSON.stringify({ type: "message", text: "a".repeat(4001) }), false, "TOO_LARGE"],
  ])("should answer %s with an error frame and keep the conversation going", async (_name, data, binary, code) => {
    const { client } = await connect();
    const frames = await client.sendRaw(data, binary);
    expect(frames).toEqual([{ type: "error", code, message: expect.any(String) }]);
    expect(botTexts(await client.say("latte"))).toEqual(["One latte coming up.", "Enjoy!"]);
    client.close();
  });

  it("should open a new session from start when a message arrives after the end", async () => {
    const { client, session } = await connect();
    await client.say("espresso");
    const frames = await client.say("hello again");
    const opened = frames.find((f) => f.type === "session");
    expect(opened).toMatchObject({ resumed: false, customerId: session.customerId });
    expect(opened?.sessionId).not.toBe(session.sessionId);
    expect(frames.find((f) => f.sender === "customer")).toMatchObject({
      text: "hello again",
      sessionId: opened?.sessionId,
    });
    expect(botTexts(frames)).toEqual(["Hi Ada! Espresso or latte?"]);
    client.close();
  });

  it("should process two messages sent at once one after the other", async () => {
    const { client, session } = await connect();
    client.socket.send(JSON.stringify({ type: "message", text: "tea" }));
    client.socket.send(JSON.stringify({ type: "message", text: "latte" }));
    const first = await client.turn();
    const second = await client.turn();
    expect(botTexts(first)).toEqual(["Espresso or latte, please."]);
    expect(botTexts(second)).toEqual(["One latte coming up.", "Enjoy!"]);
    const stored = await app.database.prisma.message.findMany({
      where: { sessionId: session.sessionId },
      orderBy: { seq: "asc" },
    });
    expect(stored.map((m) => m.text)).toEqual([
      "Hi Ada! Espresso or latte?",
      "tea",
      "Espresso or latte, please.",
      "latte",
      "One latte coming up.",
      "Enjoy!",
    ]);
    client.close();
  });
});
