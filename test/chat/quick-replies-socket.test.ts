import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient, botTexts, lastFrame, type Frame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { readRepoFile } from "../utils/flows.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

const OPTIONS = [
  { label: "Weather", value: "weather" },
  { label: "Travel", value: "travel" },
  { label: "Restaurants", value: "restaurants" },
];

let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  app = await startTestApp({}, { ports: createFakePorts() });
  await uploadFlow(app.url, JSON.parse(readRepoFile("test/fixtures/topics.json")));
});
afterAll(() => app.stop());

async function connect(query: Record<string, string | undefined> = { name: "Ada" }) {
  const client = await ChatClient.open(app.wsUrl, query);
  const frames = await client.turn();
  const session = frames.find((f) => f.type === "session") as Frame & { customerId: string; customerToken: string };
  return { client, frames, session };
}

describe("/chat quick replies", () => {
  it("should send the wait block's options in the waiting frame", async () => {
    const { client, frames, session } = await connect();
    expect(lastFrame(frames)).toEqual({
      type: "waiting",
      sessionId: session["sessionId"],
      blockId: "pick",
      options: OPTIONS,
    });
    client.close();
  });

  it("should store a number as typed and answer with the option it picks", async () => {
    const { client } = await connect();
    const frames = await client.say("2");
    expect(frames[0]).toMatchObject({ type: "message", sender: "customer", text: "2" });
    expect(botTexts(frames)).toEqual(["You picked travel. Anything to add?"]);
    // The next wait offers nothing: its waiting frame has no options at all.
    expect(lastFrame(frames)).toEqual({ type: "waiting", sessionId: expect.any(String), blockId: "comment" });
    client.close();
  });

  it("should refuse free text at a choice and offer the options again", async () => {
    const { client } = await connect();
    const frames = await client.say("pizza");
    expect(botTexts(frames)).toEqual(["Please pick one of: 1. Weather, 2. Travel, 3. Restaurants."]);
    expect(lastFrame(frames)).toMatchObject({ type: "waiting", blockId: "pick", options: OPTIONS });
    client.close();
  });

  it("should send the options again to a customer who resumes the conversation", async () => {
    const first = await connect();
    first.client.close();
    const again = await connect({ customerId: first.session.customerId, token: first.session.customerToken });
    expect(again.frames.map((f) => f.type)).toEqual(["session", "waiting"]);
    expect(lastFrame(again.frames)).toMatchObject({ type: "waiting", blockId: "pick", options: OPTIONS });
    again.client.close();
  });

  it("should send the options with the waiting frame that answers a repeated clientMsgId", async () => {
    const { client } = await connect();
    await client.say("nonsense", "m-1");
    const repeated = await client.say("nonsense", "m-1");
    expect(repeated.map((f) => f.type)).toEqual(["message", "waiting"]);
    expect(lastFrame(repeated)).toMatchObject({ type: "waiting", blockId: "pick", options: OPTIONS });
    client.close();
  });
});
