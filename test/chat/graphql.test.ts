import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient, botTexts, type Frame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { collect, eventually, httpGraphql, listening, untilListening, wsGraphql } from "../utils/graphql-clients.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

const coffee = JSON.parse(fs.readFileSync("test/fixtures/coffee.json", "utf8")) as unknown;
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  app = await startTestApp({}, { ports: createFakePorts() });
  await uploadFlow(app.url, coffee);
});
afterAll(() => app.stop());

type Session = Frame & { sessionId: string; customerId: string; customerToken: string };
async function chatOverSocket(name: string) {
  const client = await ChatClient.open(app.wsUrl, { name });
  const session = (await client.turn()).find((f) => f.type === "session") as Session;
  return { client, session };
}

const CONVERSATION =
  "subscription($id: ID!) { conversation(sessionId: $id) { id sessionId sender text blockId createdAt } }";
const MESSAGES =
  "query($c: ID!, $limit: Int, $before: String) { messages(customerId: $c, limit: $limit, before: $before) { items { id sender text blockId } nextCursor } }";

describe("GraphQL", () => {
  it("should deliver a /chat conversation live to a conversation subscriber", async () => {
    const { client, session } = await chatOverSocket("Ada");
    const subscriber = wsGraphql(app.wsUrl, session.customerToken);
    const live = collect<{ conversation: { text: string; sender: string } }>(subscriber, CONVERSATION, {
      id: session.sessionId,
    });
    await untilListening(app.metrics, "conversation");
    await client.say("I'd like to leave a review");
    await client.say("5");
    await eventually(() =>
      expect(live.values.map((v) => [v.conversation.sender, v.conversation.text])).toEqual([
        ["CUSTOMER", "I'd like to leave a review"],
        ["BOT", "Please rate your experience from 1-5"],
        ["CUSTOMER", "5"],
        ["BOT", "Anything to add?"],
      ]),
    );
    live.dispose();
    await subscriber.dispose();
    await eventually(async () => expect(await listening(app.metrics, "conversation")).toBe(0));
    client.close();
  });

  it("should show the same history over REST, GraphQL and in the database", async () => {
    const { client, session } = await chatOverSocket("Grace");
    await client.say("mocha");
    await client.say("latte");
    client.close();
    const rest = (await (await fetch(`${app.url}/message/list?customerId=${session.customerId}`)).json()) as {
      messages: { id: string; text: string }[];
    };
    const graphql = await httpGraphql(app.url).request<{ messages: { items: { id: string }[] } }>(MESSAGES, {
      c: session.customerId,
    });
    const rows = await app.database.prisma.message.findMany({
      where: { customerId: session.customerId },
      orderBy: { seq: "asc" },
    });
    expect(rest.messages.map((m) => m.id)).toEqual(rows.map((r) => r.id));
    expect(graphql.messages.items.map((m) => m.id)).toEqual(rows.map((r) => r.id));
    expect(rows.map((r) => r.text)).toEqual([
      "Hi Grace! Espresso or latte?",
      "mocha",
      "Espresso or latte, please.",
      "latte",
      "One latte coming up.",
      "Enjoy!",
    ]);
  });

  it("should chat through startConversation and sendMessage with the customer token", async () => {
    const start = await httpGraphql(app.url).request<{
      startConversation: {
        sessionId: string;
        customerId: string;
        customerToken: string;
        resumed: boolean;
        messages: { text: string }[];
      };
    }>('mutation { startConversation(name: "Lin") { sessionId customerId customerToken resumed messages { text } } }');
    expect(start.startConversation).toMatchObject({
      resumed: false,
      messages: [{ text: "Hi Lin! Espresso or latte?" }],
    });
    const customer = httpGraphql(app.url, start.startConversation.customerToken);
    const reply = await customer.request<{ sendMessage: { sender: string; text: string }[] }>(
      'mutation($s: ID!) { sendMessage(sessionId: $s, text: "espresso", clientMsgId: "g-1") { sender text } }',
      { s: start.startConversation.sessionId },
    );
    expect(reply.sendMessage).toEqual([
      { sender: "CUSTOMER", text: "espresso" },
      { sender: "BOT", text: "One espresso coming up." },
      { sender: "BOT", text: "Enjoy!" },
    ]);
    const session = await customer.request<{ session: { status: string; steps: { blockId: string; kind: string }[] } }>(
      "query($s: ID!) { session(id: $s) { status steps { blockId kind } } }",
      { s: start.startConversation.sessionId },
    );
    expect(session.session.status).toBe("ENDED");
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/chatflow_turns_total\{transport="graphql",outcome="ended"\} [1-9]/);
    expect(session.session.steps.map((s) => s.blockId)).toEqual(expect.arrayContaining(["hello", "pick", "ok", "bye"]));
  });

  it("should list the feedback of a conversation with its sentiment and summarize it", async () => {
    const { client, session } = await chatOverSocket("Fei");
    const operatorSocket = wsGraphql(app.wsUrl);
    const received = collect<{ feedbackReceived: { rating: number; customerId: string } }>(
      operatorSocket,
      "subscription { feedbackReceived { rating customerId sentiment } }",
      {},
    );
    await untilListening(app.metrics, "feedbackReceived");
    await client.say("feedback");
    await client.say("2");
    expect(botTexts(await client.say("too slow"))).toEqual(["Thanks for your feedback!"]);
    client.close();
    const data = await httpGraphql(app.url, session.customerToken).request<{
      feedback: { rating: number; comment: string; sentiment: string }[];
      feedbackSummary: { count: number; negative: number; averageRating: number };
    }>(
      "query($c: ID) { feedback(customerId: $c) { rating comment sentiment } feedbackSummary { count negative averageRating } }",
      { c: session.customerId },
    );
    expect(data.feedback).toEqual([{ rating: 2, comment: "too slow", sentiment: "NEGATIVE" }]);
    expect(data.feedbackSummary).toEqual({ count: 1, negative: 1, averageRating: 2 });
    await eventually(() =>
      expect(received.values).toEqual([
        { feedbackReceived: { rating: 2, customerId: session.customerId, sentiment: "NEGATIVE" } },
      ]),
    );
    received.dispose();
    await operatorSocket.dispose();
  });

  it("should answer a bad variable with a GraphQL error, not a crash", async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: MESSAGES, variables: { c: "nobody", limit: 9999 } }),
    });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe("BAD_REQUEST");
  });

  it("should serve GraphiQL to a browser", async () => {
    const response = await fetch(`${app.url}/graphql`, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("GraphiQL");
  });
});
