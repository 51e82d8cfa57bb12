import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient, lastFrame, type Frame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { httpGraphql } from "../utils/graphql-clients.ts";
import { closed } from "../utils/raw-upgrade.ts";
import { tallyEachTest } from "../utils/hardening-counts.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

const echo = JSON.parse(fs.readFileSync("test/fixtures/echo.json", "utf8")) as unknown;
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  app = await startTestApp({}, { ports: createFakePorts() });
  await uploadFlow(app.url, echo);
});
afterAll(() => app.stop());
tallyEachTest("chat/text-input", () => app.url);

type Session = Frame & { sessionId: string; customerId: string; customerToken: string };

async function connect(name = "Ada") {
  const client = await ChatClient.open(app.wsUrl, { name });
  const session = (await client.turn())[0] as Session;
  return { client, session };
}

const errorOnly = (code: string) => [{ type: "error", code, message: expect.any(String) }];

describe("/chat frames", () => {
  it.each([
    ["an array", "[1]"],
    ["a JSON string", '"x"'],
    ["a number", "42"],
    ["null", "null"],
    ["true", "true"],
    ["broken JSON that looks like an object", '{"type":"message","text":'],
  ])("should take %s as the message text, verbatim", async (_name, raw) => {
    const { client } = await connect();
    const frames = await client.sendRaw(raw);
    expect(frames[0]).toMatchObject({ type: "message", sender: "customer", text: raw });
    expect(lastFrame(frames)).toMatchObject({ type: "waiting", blockId: "listen" });
    client.close();
  });

  it.each([
    ["a NUL character", JSON.stringify({ type: "message", text: "a\u0000b" })],
    ["a NUL character in a plain frame", "a\u0000b"],
    ["a lone surrogate", '{"type":"message","text":"x\\ud800y"}'],
    ["a clientMsgId with NUL", JSON.stringify({ type: "message", text: "hi", clientMsgId: "c\u0000" })],
  ])("should answer text with %s, which cannot be stored, with BAD_FRAME and keep going", async (_name, raw) => {
    const { client, session } = await connect();
    expect(await client.sendRaw(raw)).toEqual(errorOnly("BAD_FRAME"));
    expect(lastFrame(await client.say("still here"))).toMatchObject({ type: "waiting" });
    const stored = await app.database.prisma.message.findMany({
      where: { sessionId: session.sessionId, sender: "CUSTOMER" },
    });
    expect(stored.map((m) => m.text)).toEqual(["still here"]);
    client.close();
  });

  it("should refuse a name with NUL on connect with 400, not 500", async () => {
    await expect(ChatClient.open(app.wsUrl, { name: "A\u0000B" })).rejects.toMatchObject({ status: 400 });
  });

  it("should close only the connection that sends a frame over 64 KiB (1009) and keep serving the others", async () => {
    const bystander = await connect("Bystander");
    const { client } = await connect("Flooder");
    client.socket.send("x".repeat(64 * 1024 + 1));
    expect(await closed(client.socket)).toBe(1009);
    expect(lastFrame(await bystander.client.say("are you there?"))).toMatchObject({ type: "waiting" });
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const next = await connect("Next");
    expect(lastFrame(await next.client.say("hello"))).toMatchObject({ type: "waiting" });
    bystander.client.close();
    next.client.close();
  });

  it("should answer a frame of exactly 64 KiB with TOO_LARGE, not a close", async () => {
    const { client } = await connect();
    expect(await client.sendRaw("y".repeat(64 * 1024))).toEqual(errorOnly("TOO_LARGE"));
    expect(client.closed).toBe(false);
    client.close();
  });
});

describe("text stored and returned verbatim", () => {
  const tricky = [
    'Robert\'); DROP TABLE "Message";--',
    "1' OR '1'='1",
    "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "tab\there\r\nnew line\u0001\u0007\u001b[31mred\u001b[0m\u007f",
    "{{customer.name}} ${process.env} %s %n \\u0000",
    "emoji 👩‍💻 and RTL \u202eevil\u202c and zero\u200bwidth",
  ];

  it.each(tricky)(
    "should store %j and give it back unchanged over /chat, REST, GraphQL and in the database",
    async (text) => {
      const { client, session } = await connect();
      const frames = await client.say(text);
      expect(frames[0]).toMatchObject({ sender: "customer", text });
      expect(frames[1]).toMatchObject({ sender: "bot", text: `You said: ${text}` });
      client.close();

      const stored = await app.database.prisma.message.findMany({
        where: { sessionId: session.sessionId },
        orderBy: { seq: "asc" },
      });
      expect(stored.map((m) => m.text)).toEqual(["Say anything.", text, `You said: ${text}`]);

      const rest = (await (
        await fetch(`${app.url}/message/list?customerId=${encodeURIComponent(session.customerId)}`)
      ).json()) as {
        messages: { text: string }[];
      };
      expect(rest.messages.map((m) => m.text)).toEqual(["Say anything.", text, `You said: ${text}`]);

      const graphql = await httpGraphql(app.url).request<{ messages: { items: { text: string }[] } }>(
        "query($c: ID!) { messages(customerId: $c) { items { text } } }",
        { c: session.customerId },
      );
      expect(graphql.messages.items.map((m) => m.text)).toEqual(["Say anything.", text, `You said: ${text}`]);
    },
  );
});

describe("GraphQL arguments", () => {
  const SEND =
    "mutation($s: ID!, $t: String!, $c: String) { sendMessage(sessionId: $s, text: $t, clientMsgId: $c) { text } }";
  const code = (error: unknown) =>
    (error as { response?: { errors?: { extensions?: { code?: string } }[] } }).response?.errors?.[0]?.extensions?.code;

  it.each([
    ["NUL in the text", { t: "a\u0000b" }, "BAD_REQUEST"],
    ["a lone surrogate in the text", { t: "x\ud800" }, "BAD_REQUEST"],
    ["blank text", { t: "  " }, "BAD_REQUEST"],
    ["text over 4000 characters", { t: "a".repeat(4001) }, "TOO_LARGE"],
    ["a clientMsgId over 200 characters", { t: "hi", c: "c".repeat(201) }, "BAD_REQUEST"],
  ])("should refuse sendMessage with %s and store nothing", async (_name, variables, expected) => {
    const client = httpGraphql(app.url);
    const started = await client.request<{ startConversation: { sessionId: string } }>(
      'mutation { startConversation(name: "Gil") { sessionId } }',
    );
    const sessionId = started.startConversation.sessionId;
    const error = await client.request(SEND, { s: sessionId, ...variables }).catch((e: unknown) => e);
    expect(code(error)).toBe(expected);
    expect(await app.database.prisma.message.count({ where: { sessionId, sender: "CUSTOMER" } })).toBe(0);
  });

  it.each<[string, Record<string, string>]>([
    ["a customerId with spaces", { c: "not an id" }],
    ["a customerId over 128 characters", { c: "x".repeat(129) }],
    ["a name with NUL", { n: "A\u0000" }],
    ["a name over 100 characters", { n: "n".repeat(101) }],
  ])("should refuse startConversation with %s as BAD_REQUEST", async (_name, variables) => {
    const error = await httpGraphql(app.url)
      .request("mutation($c: ID, $n: String) { startConversation(customerId: $c, name: $n) { sessionId } }", variables)
      .catch((e: unknown) => e);
    expect(code(error)).toBe("BAD_REQUEST");
  });

  it.each([
    ["messages", "query($x: ID!) { messages(customerId: $x) { items { id } } }", "NOT_FOUND"],
    ["sendMessage", 'mutation($x: ID!) { sendMessage(sessionId: $x, text: "hi") { id } }', "NOT_FOUND"],
  ])(
    "should answer %s with an id that holds NUL as not found, not as an internal error",
    async (_name, query, expected) => {
      const error = await httpGraphql(app.url)
        .request(query, { x: "a\u0000b" })
        .catch((e: unknown) => e);
      expect(code(error)).toBe(expected);
    },
  );

  it("should answer REST history for an id that holds NUL with 404, not 500", async () => {
    const response = await fetch(`${app.url}/message/list?customerId=a%00b`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: "NOT_FOUND" });
  });
});
