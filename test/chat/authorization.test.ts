import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient, type Frame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { collect, eventually, httpGraphql, untilListening, wsGraphql } from "../utils/graphql-clients.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

const ADMIN = "admin-secret-token";
const coffee = JSON.parse(fs.readFileSync("test/fixtures/coffee.json", "utf8")) as unknown;
let app: Awaited<ReturnType<typeof startTestApp>>;
let alice: Frame & { customerId: string; customerToken: string; sessionId: string };
let bob: Frame & { customerId: string; customerToken: string; sessionId: string };

async function customer(name: string) {
  const client = await ChatClient.open(app.wsUrl, { name });
  const session = (await client.turn())[0] as typeof alice;
  await client.say("tea");
  client.close();
  return session;
}

beforeAll(async () => {
  // These cases present wrong tokens on purpose, more than the default failures per minute.
  app = await startTestApp({ ADMIN_TOKEN: ADMIN, AUTH_FAILURES_PER_MINUTE: "0" }, { ports: createFakePorts() });
  await uploadFlow(app.url, coffee, ADMIN);
  alice = await customer("Alice");
  bob = await customer("Bob");
});
afterAll(() => app.stop());

const errorCode = (error: unknown) =>
  (error as { response: { errors: { extensions: { code: string } }[] } }).response.errors[0]?.extensions.code;

describe("with ADMIN_TOKEN set", () => {
  it.each([
    ["GET", "/config"],
    ["POST", "/config"],
    ["GET", "/config/versions"],
    ["POST", "/config/versions/1/activate"],
    ["GET", "/message/list?customerId=x"],
    ["POST", "/webhooks"],
    ["GET", "/webhooks"],
    ["DELETE", "/webhooks/wh_x"],
    ["GET", "/webhooks/wh_x/deliveries"],
    ["POST", "/webhooks/deliveries/msg_x/redeliver"],
  ])("should answer %s %s with 401 without the token", async (method, route) => {
    for (const authorization of [undefined, "Bearer wrong", `Bearer ${alice?.customerToken}`]) {
      const response = await fetch(`${app.url}${route}`, { method, headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: "UNAUTHORIZED" });
    }
  });

  it("should let the operator read any customer's history", async () => {
    const response = await fetch(`${app.url}/message/list?customerId=${alice.customerId}`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(response.status).toBe(200);
  });

  it("should not let one customer's token read or write another customer's session over GraphQL", async () => {
    const asAlice = httpGraphql(app.url, alice.customerToken);
    await expect(
      asAlice.request("query($c: ID!) { messages(customerId: $c) { items { id } } }", { c: bob.customerId }),
    ).rejects.toSatisfy((e) => errorCode(e) === "FORBIDDEN");
    await expect(asAlice.request("query($s: ID!) { session(id: $s) { id } }", { s: bob.sessionId })).rejects.toSatisfy(
      (e) => errorCode(e) === "FORBIDDEN",
    );
    await expect(
      asAlice.request('mutation($s: ID!) { sendMessage(sessionId: $s, text: "latte") { id } }', { s: bob.sessionId }),
    ).rejects.toSatisfy((e) => errorCode(e) === "FORBIDDEN");
    await expect(asAlice.request("{ flowConfig { version } }")).rejects.toSatisfy((e) => errorCode(e) === "FORBIDDEN");
    const own = await asAlice.request<{ messages: { items: unknown[] } }>(
      "query($c: ID!) { messages(customerId: $c) { items { id } } }",
      { c: alice.customerId },
    );
    expect(own.messages.items.length).toBeGreaterThan(0);
    const feedback = await asAlice
      .request<{ feedback: unknown[] }>("query($c: ID) { feedback(customerId: $c) { id } }", { c: bob.customerId })
      .catch((e: unknown) => e);
    expect(errorCode(feedback)).toBe("FORBIDDEN");
  });

  it("should not let one customer subscribe to another customer's conversation", async () => {
    const socket = wsGraphql(app.wsUrl, alice.customerToken);
    const result = await new Promise<unknown>((resolve) => {
      socket.subscribe(
        { query: "subscription($s: ID!) { conversation(sessionId: $s) { id } }", variables: { s: bob.sessionId } },
        { next: resolve, error: resolve, complete: () => {} },
      );
    });
    expect(JSON.stringify(result)).toContain("FORBIDDEN");
    await socket.dispose();
  });

  it("should not let a customer connect to /chat as another customer", async () => {
    await expect(
      ChatClient.open(app.wsUrl, { customerId: bob.customerId, token: alice.customerToken }),
    ).rejects.toMatchObject({ status: 401 });
  });

  it("should refuse startConversation as another customer with my token", async () => {
    const asAlice = httpGraphql(app.url, alice.customerToken);
    const error = await asAlice
      .request("mutation($c: ID) { startConversation(customerId: $c) { sessionId } }", { c: bob.customerId })
      .catch((e: unknown) => e);
    expect(errorCode(error)).toBe("UNAUTHORIZED");
    const own = await asAlice.request<{ startConversation: { customerId: string } }>(
      "mutation { startConversation { customerId } }",
    );
    expect(own.startConversation.customerId).toBe(alice.customerId);
  });

  it("should keep operator mutations and the operator's view from a customer token", async () => {
    const asAlice = httpGraphql(app.url, alice.customerToken);
    const operatorOnly: [string, Record<string, unknown>][] = [
      ["mutation($d: JSON!) { uploadFlow(definition: $d) { ok } }", { d: coffee }],
      ["mutation { activateFlowVersion(version: 1) { version } }", {}],
    ];
    for (const [query, variables] of operatorOnly) {
      expect(errorCode(await asAlice.request<unknown>(query, variables).catch((e: unknown) => e))).toBe("FORBIDDEN");
    }
    const summary = await asAlice.request<{ feedbackSummary: { count: number } }>("{ feedbackSummary { count } }");
    const all = await httpGraphql(app.url, ADMIN).request<{ feedbackSummary: { count: number } }>(
      "{ feedbackSummary { count } }",
    );
    expect(summary.feedbackSummary.count).toBeLessThanOrEqual(all.feedbackSummary.count);
  });

  it("should answer a caller without any token with UNAUTHORIZED over HTTP and graphql-ws", async () => {
    const anonymous = httpGraphql(app.url);
    for (const query of [
      "query($c: ID!) { messages(customerId: $c) { items { id } } }",
      "{ feedbackSummary { count } }",
      "query($c: ID!) { feedback(customerId: $c) { id } }",
    ]) {
      expect(errorCode(await anonymous.request(query, { c: alice.customerId }).catch((e: unknown) => e))).toBe(
        "UNAUTHORIZED",
      );
    }
    const socket = wsGraphql(app.wsUrl);
    const feedback = collect(socket, "subscription { feedbackReceived { id } }", {});
    await eventually(() => expect(JSON.stringify(feedback.errors)).toContain("UNAUTHORIZED"));
    await socket.dispose();
  });

  it("should show a customer's feedbackReceived subscription only that customer's feedback", async () => {
    type Received = { feedbackReceived: { customerId: string; rating: number } };
    const query = "subscription { feedbackReceived { customerId rating } }";
    const [aliceSocket, adminSocket] = [wsGraphql(app.wsUrl, alice.customerToken), wsGraphql(app.wsUrl, ADMIN)];
    const asAlice = collect<Received>(aliceSocket, query, {});
    const asAdmin = collect<Received>(adminSocket, query, {});
    await untilListening(app.metrics, "feedbackReceived", 2);
    for (const [who, rating] of [
      [bob, "2"],
      [alice, "5"],
    ] as const) {
      const client = await ChatClient.open(app.wsUrl, { customerId: who.customerId, token: who.customerToken });
      await client.turn();
      for (const text of ["feedback", rating, "nothing more"]) await client.say(text);
      client.close();
    }
    await eventually(() => expect(asAdmin.values).toHaveLength(2));
    expect(asAlice.values).toEqual([{ feedbackReceived: { customerId: alice.customerId, rating: 5 } }]);
    expect(asAlice.errors).toEqual([]);
    await Promise.all([aliceSocket.dispose(), adminSocket.dispose()]);
  });

  it("should refuse /chat as an existing customer with the operator token or no token", async () => {
    for (const token of [ADMIN, undefined]) {
      await expect(ChatClient.open(app.wsUrl, { customerId: bob.customerId, token })).rejects.toMatchObject({
        status: 401,
      });
    }
  });
});
