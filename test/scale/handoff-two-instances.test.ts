import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient, botTexts, lastFrame, type Frame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { collect, eventually, untilListening, wsGraphql } from "../utils/graphql-clients.ts";
import { addOperator, errorCode, HANDOFF_FIELDS, operatorClient, type HandoffRow } from "../utils/handoff-clients.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";
import { createPostgresDatabase, TEST_DATABASE_URL } from "../utils/test-database.ts";
import { skipNote } from "../utils/skip-note.ts";

const TEST_REDIS_URL = process.env["TEST_REDIS_URL"] || undefined;
const ready = Boolean(TEST_DATABASE_URL && TEST_REDIS_URL);
if (!ready) console.warn("[chatflow tests] TEST_DATABASE_URL or TEST_REDIS_URL is not set: two-instance tests skipped");

const ADMIN = "admin-secret-two-instances";
const flow = JSON.parse(fs.readFileSync("test/fixtures/handoff.json", "utf8")) as unknown;
type App = Awaited<ReturnType<typeof startTestApp>>;
let a: App;
let b: App;
let drop: () => Promise<void> = async () => {};

beforeAll(async () => {
  if (!ready) return;
  const database = await createPostgresDatabase();
  drop = () => database.drop();
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL!,
    REDIS_PREFIX: `chatflow-handoff-${process.pid}-${Date.now()}`,
    ADMIN_TOKEN: ADMIN,
  };
  [a, b] = await Promise.all([
    startTestApp(env, { ports: createFakePorts() }),
    startTestApp(env, { ports: createFakePorts() }),
  ]);
  await uploadFlow(a.url, flow, ADMIN);
});
afterAll(async () => {
  if (!ready) return;
  await Promise.all([a.stop(), b.stop()]);
  await drop();
});

async function queuedOn(app: App) {
  const client = await ChatClient.open(app.wsUrl, { name: "Di" });
  const session = (await client.turn())[0] as Frame & { sessionId: string };
  expect(lastFrame(await client.say("agent"))).toMatchObject({ blockId: "toHuman" });
  return { client, sessionId: session.sessionId };
}

describe.skipIf(!ready)(
  `handoff across two instances on PostgreSQL and Redis${skipNote({ postgres: true, redis: true })}`,
  () => {
    it("should serve a customer on instance A from an operator on instance B, live both ways", async () => {
      const ana = await addOperator(b.url, ADMIN, "Ana");
      const watcher = wsGraphql(b.wsUrl, ana.token);
      const updates = collect<{ handoffUpdated: HandoffRow }>(
        watcher,
        `subscription { handoffUpdated { ${HANDOFF_FIELDS} } }`,
        {},
      );
      await untilListening(b.metrics, "handoffUpdated");
      const { client, sessionId } = await queuedOn(a);
      await eventually(() =>
        expect(updates.values.map((v) => v.handoffUpdated)).toContainEqual(
          expect.objectContaining({ sessionId, status: "QUEUED" }),
        ),
      );
      const conversation = collect<{ conversation: { sender: string; text: string } }>(
        watcher,
        "subscription ($s: ID!) { conversation(sessionId: $s) { sender text } }",
        { s: sessionId },
      );
      await untilListening(b.metrics, "conversation");
      const asAna = operatorClient(b.url, ana.token);
      await asAna.claim(sessionId);
      expect(await client.until((f) => f.type === "handoff")).toEqual([
        { type: "handoff", sessionId, status: "assigned", operator: "Ana" },
      ]);
      await asAna.say(sessionId, "Ana here, from the other instance");
      expect(await client.until((f) => f.type === "message")).toEqual([
        expect.objectContaining({ sender: "operator", operator: "Ana", text: "Ana here, from the other instance" }),
      ]);
      expect(await client.say("great")).toEqual([
        expect.objectContaining({ sender: "customer", text: "great" }),
        { type: "waiting", sessionId, blockId: "toHuman" },
      ]);
      await eventually(() => expect(conversation.values.map((v) => v.conversation.text)).toContain("great"));
      await asAna.release(sessionId);
      const pushed = await client.turn();
      expect(pushed[0]).toMatchObject({ type: "handoff", status: "released" });
      expect(botTexts(pushed)).toEqual(["The bot is back. Anything else?"]);
      // Instance A had the session cached from before the release on B: it must not answer from it.
      expect(botTexts(await client.say("hello bot"))).toEqual(["Bot heard: hello bot"]);
      updates.dispose();
      conversation.dispose();
      await watcher.dispose();
      client.close();
    });

    it("should let exactly one of two operators on two instances claim a conversation", async () => {
      const [ana, bob] = await Promise.all([addOperator(a.url, ADMIN, "Ana2"), addOperator(b.url, ADMIN, "Bob2")]);
      for (let round = 0; round < 3; round++) {
        const { client, sessionId } = await queuedOn(a);
        const results = await Promise.all([
          errorCode(operatorClient(a.url, ana.token).claim(sessionId)),
          errorCode(operatorClient(b.url, bob.token).claim(sessionId)),
        ]);
        expect(results.sort()).toEqual(["CONFLICT", "ok"]);
        client.close();
      }
    });
  },
);
