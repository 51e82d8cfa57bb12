import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GRAPHIQL_DEFAULT_QUERY } from "../../src/transport/graphql/graphiql-welcome.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { startTestApp } from "../utils/start-test-app.ts";

let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  app = await startTestApp({}, { ports: createFakePorts() });
});
afterAll(() => app.stop());

/** The walk-through as a user runs it: one named operation, with the placeholders filled in. */
function operation(fill: Record<string, string> = {}): string {
  return Object.entries(fill).reduce(
    (text, [placeholder, value]) => text.replaceAll(placeholder, value),
    GRAPHIQL_DEFAULT_QUERY,
  );
}

/** The options the page hands to GraphiQL (read out of the 9 MB page, so a failure does not print it). */
function renderOptions(page: string): Record<string, unknown> {
  const call = "YogaGraphiQL.renderYogaGraphiQL(";
  const start = page.indexOf("{", page.indexOf("window.document.querySelector('#root')", page.lastIndexOf(call)));
  const end = page.indexOf("\n", start);
  return JSON.parse(page.slice(start, end).replace(/,\s*$/, "")) as Record<string, unknown>;
}

describe("GraphiQL", () => {
  it("should open on chatflow's own walk-through instead of the generic welcome", async () => {
    const response = await fetch(`${app.url}/graphql`, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    // GraphiQL's options are inlined as JSON; its generic welcome shows only without a defaultQuery.
    expect(renderOptions(await response.text())).toMatchObject({
      title: "chatflow",
      defaultQuery: GRAPHIQL_DEFAULT_QUERY,
    });
    expect(GRAPHIQL_DEFAULT_QUERY).toContain("# chatflow: chat with the flow");
    // The page is 9 MB and its renderer loads on this first request: slow on a busy machine.
  }, 60_000);

  it("should offer a walk-through whose every operation runs as described", async () => {
    const run = async <T>(operationName: string, fill?: Record<string, string>): Promise<T> => {
      const response = await fetch(`${app.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: operation(fill), operationName }),
      });
      const body = (await response.json()) as { data?: T; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return body.data!;
    };

    const { startConversation: started } = await run<{
      startConversation: { sessionId: string; customerId: string; customerToken: string; messages: unknown[] };
    }>("StartConversation");
    expect(started.messages.length).toBeGreaterThan(0);
    const { sendMessage } = await run<{ sendMessage: Array<{ sender: string }> }>("SendMessage", {
      "paste the sessionId": started.sessionId,
    });
    expect(sendMessage[0]?.sender).toBe("CUSTOMER");
    const { messages } = await run<{ messages: { items: unknown[]; nextCursor: string | null } }>("History", {
      "paste the customerId": started.customerId,
    });
    expect(messages.items.length).toBe(started.messages.length + sendMessage.length);
    expect(messages.nextCursor).toBeNull();
  });
});
