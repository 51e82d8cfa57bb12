import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakePorts } from "../utils/fake-ports.ts";
import { readRepoFile } from "../utils/flows.ts";
import { httpGraphql } from "../utils/graphql-clients.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  app = await startTestApp({}, { ports: createFakePorts() });
  await uploadFlow(app.url, JSON.parse(readRepoFile("test/fixtures/topics.json")));
});
afterAll(() => app.stop());

const SESSION = "query($s: ID!) { session(id: $s) { currentBlockId options { label value } } }";
type SessionAnswer = { session: { currentBlockId: string | null; options: { label: string; value: string }[] | null } };

describe("GraphQL Session.options", () => {
  it("should list the options of the wait block the session waits at, and null at one without options", async () => {
    const start = await httpGraphql(app.url).request<{
      startConversation: { sessionId: string; customerToken: string };
    }>('mutation { startConversation(name: "Lin") { sessionId customerToken } }');
    const { sessionId, customerToken } = start.startConversation;
    const customer = httpGraphql(app.url, customerToken);

    expect((await customer.request<SessionAnswer>(SESSION, { s: sessionId })).session).toEqual({
      currentBlockId: "pick",
      options: [
        { label: "Weather", value: "weather" },
        { label: "Travel", value: "travel" },
        { label: "Restaurants", value: "restaurants" },
      ],
    });

    const reply = await customer.request<{ sendMessage: { text: string }[] }>(
      'mutation($s: ID!) { sendMessage(sessionId: $s, text: "restaurants") { text } }',
      { s: sessionId },
    );
    expect(reply.sendMessage.map((m) => m.text)).toEqual(["restaurants", "You picked restaurants. Anything to add?"]);
    expect((await customer.request<SessionAnswer>(SESSION, { s: sessionId })).session).toEqual({
      currentBlockId: "comment",
      options: null,
    });
  });
});
