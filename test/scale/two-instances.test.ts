import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient, botTexts, type Frame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { collect, eventually, untilListening, wsGraphql } from "../utils/graphql-clients.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";
import { createPostgresDatabase, POSTGRES_SKIP_REASON, TEST_DATABASE_URL } from "../utils/test-database.ts";
import { REDIS_SKIP_REASON, TEST_REDIS_URL } from "../utils/test-redis.ts";
import { skipNote } from "../utils/skip-note.ts";

const ready = Boolean(TEST_DATABASE_URL && TEST_REDIS_URL);
if (!TEST_DATABASE_URL) console.warn(`[chatflow tests] ${POSTGRES_SKIP_REASON} (two-instance tests)`);
if (!TEST_REDIS_URL) console.warn(`[chatflow tests] ${REDIS_SKIP_REASON} (two-instance tests)`);

const coffee = JSON.parse(fs.readFileSync("test/fixtures/coffee.json", "utf8")) as unknown;
type App = Awaited<ReturnType<typeof startTestApp>>;
type Session = Frame & { sessionId: string; customerId: string; customerToken: string };
let a: App;
let b: App;
let drop: () => Promise<void> = async () => {};
let coffeeVersion: number;

beforeAll(async () => {
  if (!ready) return;
  const database = await createPostgresDatabase();
  drop = () => database.drop();
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL!,
    REDIS_PREFIX: `chatflow-test-${process.pid}-${Date.now()}`,
  };
  // Started together: the migration lock lets one of them migrate.
  // Active flow versions trusted for an hour: only the bus can tell B of an activation on A.
  const overrides = { activeFlowMaxAgeMs: 3_600_000 };
  [a, b] = await Promise.all([
    startTestApp(env, { ports: createFakePorts(), ...overrides }),
    startTestApp(env, { ports: createFakePorts(), ...overrides }),
  ]);
  coffeeVersion = await uploadFlow(a.url, coffee);
});
afterAll(async () => {
  if (!ready) return;
  await Promise.all([a.stop(), b.stop()]);
  await drop();
});

async function open(app: App, query: Record<string, string | undefined>) {
  const client = await ChatClient.open(app.wsUrl, query);
  const frames = await client.turn();
  return { client, frames, session: frames[0] as Session };
}

describe.skipIf(!ready)(
  `two instances on one PostgreSQL and one Redis${skipNote({ postgres: true, redis: true })}`,
  () => {
    it("should resume on instance B a conversation started on instance A", async () => {
      const first = await open(a, { name: "Ada" });
      expect(botTexts(await first.client.say("tea"))).toEqual(["Espresso or latte, please."]);
      first.client.close();
      const again = await open(b, { customerId: first.session.customerId, token: first.session.customerToken });
      expect(again.frames.map((f) => f.type)).toEqual(["session", "waiting"]);
      expect(again.session).toMatchObject({ sessionId: first.session.sessionId, resumed: true });
      expect(botTexts(await again.client.say("latte"))).toEqual(["One latte coming up.", "Enjoy!"]);
      again.client.close();
    });

    it("should deliver live on instance B the conversation and feedback a customer gives on instance A", async () => {
      const chat = await open(a, { name: "Bo" });
      const subscriber = wsGraphql(b.wsUrl);
      const live = collect<{ conversation: { text: string } }>(
        subscriber,
        "subscription($s: ID!) { conversation(sessionId: $s) { text } }",
        {
          s: chat.session.sessionId,
        },
      );
      const feedback = collect<{ feedbackReceived: { rating: number; customerId: string } }>(
        subscriber,
        "subscription { feedbackReceived { rating customerId } }",
        {},
      );
      await untilListening(b.metrics, "conversation");
      await untilListening(b.metrics, "feedbackReceived");
      await chat.client.say("review");
      await chat.client.say("4");
      await chat.client.say("good");
      await eventually(() =>
        expect(live.values.map((v) => v.conversation.text)).toEqual([
          "review",
          "Please rate your experience from 1-5",
          "4",
          "Anything to add?",
          "good",
          "Thanks for your feedback!",
        ]),
      );
      await eventually(() =>
        expect(feedback.values).toContainEqual({
          feedbackReceived: { rating: 4, customerId: chat.session.customerId },
        }),
      );
      live.dispose();
      feedback.dispose();
      await subscriber.dispose();
      chat.client.close();
    });

    it("should process two messages sent at the same moment to two instances one after the other", async () => {
      for (let round = 0; round < 5; round++) {
        const onA = await open(a, { name: `Cy${round}` });
        const onB = await open(b, { customerId: onA.session.customerId, token: onA.session.customerToken });
        onA.client.socket.send(JSON.stringify({ type: "message", text: "tea" }));
        onB.client.socket.send(JSON.stringify({ type: "message", text: "mocha" }));
        const [fromA, fromB] = await Promise.all([onA.client.turn(), onB.client.turn()]);
        // Whichever ran second saw the first one's retry count: one retry each, never two at zero.
        const retries = [...botTexts(fromA), ...botTexts(fromB)];
        expect(retries).toEqual(["Espresso or latte, please.", "Espresso or latte, please."]);
        const session = await a.database.prisma.session.findUniqueOrThrow({ where: { id: onA.session.sessionId } });
        expect(session.turn).toBe(3);
        expect((session.state as { retries: number }).retries).toBe(2);
        const stored = await a.database.prisma.message.findMany({
          where: { sessionId: onA.session.sessionId },
          orderBy: { seq: "asc" },
        });
        const texts = stored.map((m) => m.text);
        expect([texts.slice(1, 3), texts.slice(3, 5)]).toEqual(
          expect.arrayContaining([
            ["tea", "Espresso or latte, please."],
            ["mocha", "Espresso or latte, please."],
          ]),
        );
        onA.client.close();
        onB.client.close();
      }
    });

    it("should start new sessions on instance B on a version activated on instance A", async () => {
      // B learns the active version (its cache now holds it for an hour), then A changes it twice.
      const before = await open(b, { name: "Di" });
      expect(before.session).toMatchObject({ flowVersion: coffeeVersion });
      before.client.close();
      const activate = (version: number) =>
        fetch(`${a.url}/config/versions/${version}/activate`, { method: "POST" }).then((r) =>
          expect(r.status).toBe(200),
        );
      for (const version of [1, coffeeVersion]) {
        await activate(version);
        await eventually(async () => {
          const after = await open(b, { name: "Di" });
          after.client.close();
          expect(after.session).toMatchObject({ flowVersion: version });
        });
      }
    });
  },
);
