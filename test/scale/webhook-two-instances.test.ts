import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../src/storage/apply-migrations.ts";
import { openDatabase, type Database } from "../../src/storage/open-database.ts";
import { createStore } from "../../src/storage/store.ts";
import { createWebhookSender, type WebhookSender } from "../../src/webhooks/send-webhook.ts";
import { ChatClient } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { readRepoFile } from "../utils/flows.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";
import { createPostgresDatabase, POSTGRES_SKIP_REASON, TEST_DATABASE_URL } from "../utils/test-database.ts";
import { registerWebhook, WebhookReceiver } from "../utils/webhook-receiver.ts";
import { skipNote } from "../utils/skip-note.ts";

if (!TEST_DATABASE_URL) console.warn(`[chatflow tests] ${POSTGRES_SKIP_REASON} (webhooks on two instances)`);

type App = Awaited<ReturnType<typeof startTestApp>>;
const CONVERSATIONS = 24;
let a: App;
let b: App;
let receiver: WebhookReceiver;
let drop: () => Promise<void> = async () => {};
const drops: (() => Promise<void>)[] = [];
const opened: Database[] = [];
const sentBy: Record<string, string[]> = { a: [], b: [] };

/** The real sender, noting which instance sent each webhook-id. */
const senderOf = (name: "a" | "b"): WebhookSender => {
  const send = createWebhookSender();
  return async (request) => {
    sentBy[name]!.push(request.headers["webhook-id"]!);
    return send(request);
  };
};

beforeAll(async () => {
  if (!TEST_DATABASE_URL) return;
  const database = await createPostgresDatabase();
  drop = () => database.drop();
  const env = { DATABASE_URL: database.url };
  a = await startTestApp(env, { ports: createFakePorts(), webhookSender: senderOf("a") });
  b = await startTestApp(env, { ports: createFakePorts(), webhookSender: senderOf("b") });
  await uploadFlow(a.url, JSON.parse(readRepoFile("test/fixtures/webhook-feedback.json")));
  receiver = await WebhookReceiver.start();
});
afterAll(async () => {
  if (!TEST_DATABASE_URL) return;
  await Promise.all([a?.stop(), b?.stop()]);
  await receiver?.close();
  for (const database of opened) await database.close();
  await drop();
  for (const dropOne of drops) await dropOne();
});

describe.skipIf(!TEST_DATABASE_URL)(
  `webhooks from two instances on one PostgreSQL${skipNote({ postgres: true })}`,
  () => {
    it("should deliver each event once, whichever instance wrote it", async () => {
      const { secret } = await registerWebhook(a.url, { url: receiver.url, events: ["conversation.started"] });
      receiver.secret = secret;
      await Promise.all(
        Array.from({ length: CONVERSATIONS }, async (_, i) => {
          const client = await ChatClient.open((i % 2 ? a : b).wsUrl);
          await client.turn();
          client.close();
        }),
      );
      await receiver.waitFor(() => receiver.delivered().length === CONVERSATIONS, `${CONVERSATIONS} deliveries`);
      const ids = receiver.requests.map((request) => request.id);
      expect(new Set(ids).size).toBe(CONVERSATIONS);
      expect(ids).toHaveLength(CONVERSATIONS);
      expect(receiver.requests.every((request) => request.payload !== null)).toBe(true);
      expect([...sentBy.a!, ...sentBy.b!].sort()).toEqual([...ids].sort());
    });

    it("should never hand one delivery to two claims running at once", async () => {
      // A database of its own: the instances' workers must not take part.
      const database = await createPostgresDatabase();
      drops.push(() => database.drop());
      const [one, two] = await Promise.all([
        openDatabase({ kind: "postgres", url: database.url }),
        openDatabase({ kind: "postgres", url: database.url }),
      ]);
      opened.push(one, two);
      await applyMigrations(one);
      const { id } = await one.prisma.webhook.create({
        data: { id: "wh_race", url: "http://127.0.0.1:9/", events: ["conversation.ended"], secret: "whsec_AAAA" },
      });
      const at = new Date("2026-01-01T00:00:00.000Z");
      await one.prisma.webhookDelivery.createMany({
        data: Array.from({ length: 200 }, (_, i) => ({
          id: `msg_race_${i}`,
          webhookId: id,
          event: "conversation.ended",
          payload: { type: "conversation.ended", timestamp: at.toISOString(), data: {} },
          nextAttemptAt: at,
          retrySince: at,
          createdAt: at,
        })),
      });
      const claimers = [createStore(one), createStore(two), createStore(one), createStore(two)];
      const claimed: string[][] = claimers.map(() => []);
      const now = new Date("2026-01-01T00:00:01.000Z");
      const lockedUntil = new Date(now.getTime() + 60_000);
      await Promise.all(
        claimers.map(async (store, i) => {
          for (;;) {
            const batch = await store.claimDeliveries({ now, lockedUntil, limit: 7 });
            const mine = batch.map((delivery) => delivery.id).filter((delivery) => delivery.startsWith("msg_race_"));
            if (batch.length === 0) return;
            claimed[i]!.push(...mine);
          }
        }),
      );
      const all = claimed.flat();
      expect(all).toHaveLength(200);
      expect(new Set(all).size).toBe(200);
    });
  },
);
