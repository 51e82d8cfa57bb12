import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient, botTexts, lastFrame, type Frame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { collect, eventually, httpGraphql, listening, untilListening, wsGraphql } from "../utils/graphql-clients.ts";
import { addOperator, errorCode, HANDOFF_FIELDS, operatorClient, type HandoffRow } from "../utils/handoff-clients.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

const ADMIN = "admin-secret-for-handoff-tests";
const flow = JSON.parse(fs.readFileSync("test/fixtures/handoff.json", "utf8")) as unknown;
let app: Awaited<ReturnType<typeof startTestApp>>;
let ana: Awaited<ReturnType<typeof addOperator>>;
let bob: Awaited<ReturnType<typeof addOperator>>;

beforeAll(async () => {
  app = await startTestApp({ ADMIN_TOKEN: ADMIN }, { ports: createFakePorts() });
  await uploadFlow(app.url, flow, ADMIN);
  ana = await addOperator(app.url, ADMIN, "Ana");
  bob = await addOperator(app.url, ADMIN, "Bob");
});
afterAll(() => app.stop());

/** A customer on /chat who asked for a human: its session is queued. */
async function queuedCustomer() {
  const client = await ChatClient.open(app.wsUrl, { name: "Cy" });
  const opened = await client.turn();
  const session = opened[0] as Frame & { sessionId: string; customerId: string; customerToken: string };
  const asked = await client.say("I want a human");
  expect(lastFrame(asked)).toMatchObject({ type: "waiting", blockId: "toHuman" });
  return { client, session };
}

describe("human handoff over GraphQL", () => {
  it("should let an operator see, claim, talk in and release a /chat conversation", async () => {
    const watcher = wsGraphql(app.wsUrl, ana.token);
    const updates = collect<{ handoffUpdated: HandoffRow }>(
      watcher,
      `subscription { handoffUpdated { ${HANDOFF_FIELDS} } }`,
      {},
    );
    await untilListening(app.metrics, "handoffUpdated");
    const { client, session } = await queuedCustomer();
    const { sessionId } = session;
    await eventually(() =>
      expect(updates.values.map((v) => v.handoffUpdated)).toContainEqual(
        expect.objectContaining({ sessionId, status: "QUEUED", queue: "support" }),
      ),
    );
    const asAna = operatorClient(app.url, ana.token);
    expect(await asAna.queue()).toContainEqual(expect.objectContaining({ sessionId, status: "QUEUED" }));

    const conversation = collect<{ conversation: { sender: string; text: string; operator: string | null } }>(
      watcher,
      "subscription ($s: ID!) { conversation(sessionId: $s) { sender text operator } }",
      { s: sessionId },
    );
    await untilListening(app.metrics, "conversation");
    expect(await asAna.claim(sessionId)).toMatchObject({ status: "ASSIGNED", operator: "Ana" });
    expect(await client.until((f) => f.type === "handoff")).toEqual([
      { type: "handoff", sessionId, status: "assigned", operator: "Ana" },
    ]);

    const sent = await asAna.say(sessionId, "Hi, I'm Ana. How can I help?", "op-1");
    expect(sent).toMatchObject({ sender: "OPERATOR", operator: "Ana" });
    const live = await client.until((f) => f.type === "message");
    expect(live).toEqual([
      expect.objectContaining({
        type: "message",
        sender: "operator",
        operator: "Ana",
        text: "Hi, I'm Ana. How can I help?",
      }),
    ]);
    // Idempotent: the same clientMsgId gives the stored message back and delivers nothing new.
    expect((await asAna.say(sessionId, "Hi, I'm Ana. How can I help?", "op-1")).id).toBe(sent.id);

    const reply = await client.say("My order never came");
    expect(reply).toEqual([
      expect.objectContaining({ sender: "customer", text: "My order never came" }),
      { type: "waiting", sessionId, blockId: "toHuman" },
    ]);
    await eventually(() =>
      expect(conversation.values.map((v) => v.conversation)).toEqual([
        { sender: "OPERATOR", text: "Hi, I'm Ana. How can I help?", operator: "Ana" },
        { sender: "CUSTOMER", text: "My order never came", operator: null },
      ]),
    );

    expect(await asAna.release(sessionId)).toMatchObject({ status: "RELEASED", operator: "Ana" });
    const pushed = await client.turn();
    expect(pushed[0]).toEqual({ type: "handoff", sessionId, status: "released", operator: "Ana" });
    expect(botTexts(pushed)).toEqual(["The bot is back. Anything else?"]);
    expect(lastFrame(pushed)).toEqual({ type: "waiting", sessionId, blockId: "listen" });
    expect(botTexts(await client.say("thanks"))).toEqual(["Bot heard: thanks"]);
    await eventually(() =>
      expect(updates.values.map((v) => v.handoffUpdated.status)).toEqual(
        expect.arrayContaining(["QUEUED", "ASSIGNED", "RELEASED"]),
      ),
    );
    // One `waiting` per turn (greeting, 3 messages, the release): none followed an operator's message.
    expect(client.frames.filter((f) => f.type === "waiting")).toHaveLength(5);

    const history = (await (
      await fetch(`${app.url}/message/list?customerId=${session.customerId}`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      })
    ).json()) as { messages: { sender: string; text: string; operator?: string }[] };
    expect(history.messages.filter((m) => m.sender === "operator")).toEqual([
      expect.objectContaining({ sender: "operator", operator: "Ana", text: "Hi, I'm Ana. How can I help?" }),
    ]);
    const viaGraphql = await httpGraphql(app.url, session.customerToken).request<{
      messages: { items: { sender: string; operator: string | null }[] };
    }>("query ($c: ID!) { messages(customerId: $c) { items { sender operator } } }", { c: session.customerId });
    expect(viaGraphql.messages.items).toContainEqual({ sender: "OPERATOR", operator: "Ana" });
    updates.dispose();
    conversation.dispose();
    await watcher.dispose();
    client.close();
  });

  it("should let exactly one of two operators racing for a conversation win", async () => {
    const { client, session } = await queuedCustomer();
    const results = await Promise.all([
      errorCode(operatorClient(app.url, ana.token).claim(session.sessionId)),
      errorCode(operatorClient(app.url, bob.token).claim(session.sessionId)),
    ]);
    expect(results.sort()).toEqual(["CONFLICT", "ok"]);
    client.close();
  });

  it("should keep an operator token to the queue and the conversations it holds", async () => {
    const { client, session } = await queuedCustomer();
    const { sessionId, customerId } = session;
    await operatorClient(app.url, ana.token).claim(sessionId);
    const asBob = operatorClient(app.url, bob.token);
    expect(await errorCode(asBob.say(sessionId, "let me"))).toBe("FORBIDDEN");
    expect(await errorCode(asBob.release(sessionId))).toBe("FORBIDDEN");
    expect(
      await errorCode(
        asBob.raw.request("query ($c: ID!) { messages(customerId: $c) { items { text } } }", { c: customerId }),
      ),
    ).toBe("FORBIDDEN");
    expect(await errorCode(asBob.raw.request("query ($s: ID!) { session(id: $s) { id } }", { s: sessionId }))).toBe(
      "FORBIDDEN",
    );
    expect((await asBob.queue()).map((h) => h.sessionId)).not.toContain(sessionId);
    // Operator-only (ADMIN_TOKEN) operations and routes stay closed to an operator token.
    expect(await errorCode(asBob.raw.request("{ flowConfig { version } }"))).toBe("FORBIDDEN");
    for (const [method, path] of [
      ["GET", "/config"],
      ["GET", `/message/list?customerId=${customerId}`],
      ["GET", "/operators"],
      ["POST", "/operators"],
    ] as const) {
      const response = await fetch(`${app.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${bob.token}`, "content-type": "application/json" },
        ...(method === "POST" ? { body: JSON.stringify({ name: "Mallory" }) } : {}),
      });
      expect([path, response.status]).toEqual([path, 401]);
    }
    // A customer token reaches no handoff operation.
    expect(await errorCode(operatorClient(app.url, session.customerToken).queue())).toBe("FORBIDDEN");
    expect(await errorCode(operatorClient(app.url, "not-a-token").queue())).toBe("UNAUTHORIZED");
    // The holder reads the conversation; ADMIN_TOKEN may release what another operator holds.
    const asAna = operatorClient(app.url, ana.token);
    expect(await errorCode(asAna.raw.request("query ($s: ID!) { session(id: $s) { id } }", { s: sessionId }))).toBe(
      "ok",
    );
    expect(await errorCode(operatorClient(app.url, ADMIN).release(sessionId, "nowhere"))).toBe("BAD_REQUEST");
    expect((await operatorClient(app.url, ADMIN).release(sessionId, "bye")).status).toBe("RELEASED");
    client.close();
  });

  it("should stop a removed operator's token at once and put what it held back in the queue", async () => {
    const carl = await addOperator(app.url, ADMIN, "Carl");
    const { client, session } = await queuedCustomer();
    const asCarl = operatorClient(app.url, carl.token);
    await asCarl.claim(session.sessionId);
    await client.until((f) => f.type === "handoff");
    // Carl watches the conversation he holds: removing him ends that too, not only his token.
    const before = await listening(app.metrics, "conversation");
    const carlWatching = collect<{ conversation: { text: string } }>(
      wsGraphql(app.wsUrl, carl.token),
      "subscription ($s: ID!) { conversation(sessionId: $s) { text } }",
      { s: session.sessionId },
    );
    await untilListening(app.metrics, "conversation", before + 1);
    const listed = (await (
      await fetch(`${app.url}/operators`, { headers: { authorization: `Bearer ${ADMIN}` } })
    ).json()) as { operators: { id: string; name: string }[] };
    expect(listed.operators.map((o) => o.name)).toEqual(expect.arrayContaining(["Ana", "Bob", "Carl"]));
    expect(JSON.stringify(listed)).not.toContain(carl.token);
    const removed = await fetch(`${app.url}/operators/${carl.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(removed.status).toBe(204);
    expect(await errorCode(asCarl.queue())).toBe("UNAUTHORIZED");
    expect(await errorCode(asCarl.say(session.sessionId, "still here?"))).toBe("UNAUTHORIZED");
    expect(await client.until((f) => f.type === "handoff")).toEqual([
      { type: "handoff", sessionId: session.sessionId, status: "queued" },
    ]);
    await eventually(() => expect(JSON.stringify(carlWatching.errors)).toContain("this operator was removed"));
    await client.say("is anyone there?");
    expect(carlWatching.values).toEqual([]);
    expect(await operatorClient(app.url, ana.token).queue()).toContainEqual(
      expect.objectContaining({ sessionId: session.sessionId, status: "QUEUED" }),
    );
    const again = await fetch(`${app.url}/operators/${carl.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(again.status).toBe(404);
    client.close();
  });

  it("should refuse a bad operator body with a JSON error", async () => {
    for (const body of ["not json", "{}", '{"name":"  "}', '{"name":"x","admin":true}']) {
      const response = await fetch(`${app.url}/operators`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN}` },
        body,
      });
      expect([body, response.status, ((await response.json()) as { error: string }).error]).toEqual([
        body,
        400,
        "BAD_REQUEST",
      ]);
    }
  });
});
