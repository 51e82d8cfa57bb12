import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../src/storage/apply-migrations.ts";
import { openDatabase, type Database } from "../../src/storage/open-database.ts";
import { createStore } from "../../src/storage/store.ts";
import { DeliveryWorker } from "../../src/webhooks/delivery-worker.ts";
import type { WebhookSender } from "../../src/webhooks/send-webhook.ts";

const start = new Date("2026-11-30T00:00:00.000Z");
const after = (ms: number) => new Date(start.getTime() + ms);

describe("a claim held by an instance that died", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ kind: "pglite-memory" });
    await applyMigrations(database);
  });
  afterAll(async () => await database?.close());

  it("should keep the delivery from others until its lease ends, then let another instance send it", async () => {
    const { prisma } = database;
    await prisma.webhook.create({
      data: {
        id: "wh1",
        url: "http://127.0.0.1:9/",
        events: ["conversation.ended"],
        secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      },
    });
    await prisma.webhookDelivery.create({
      data: {
        id: "msg_1",
        webhookId: "wh1",
        event: "conversation.ended",
        payload: { type: "conversation.ended", timestamp: start.toISOString(), data: {} },
        nextAttemptAt: start,
        retrySince: start,
        createdAt: start,
      },
    });
    const store = createStore(database);
    // The instance that dies: it claimed the delivery for 60 s and never settled it.
    expect(await store.claimDeliveries({ now: start, lockedUntil: after(60_000), limit: 10 })).toHaveLength(1);

    let clock = after(1_000);
    const sent: string[] = [];
    const send: WebhookSender = async ({ headers }) => {
      sent.push(headers["webhook-id"]!);
      return { statusCode: 200 };
    };
    const survivor = new DeliveryWorker({ store, send, now: () => clock });
    expect(await survivor.runOnce()).toBe(0);
    expect(await store.nextDeliveryDue()).toEqual(after(60_000));
    clock = after(60_000);
    expect(await survivor.runOnce()).toBe(1);
    expect(sent).toEqual(["msg_1"]);
    expect(await prisma.webhookDelivery.findUnique({ where: { id: "msg_1" } })).toMatchObject({
      status: "DELIVERED",
      attempts: 1,
      lockedUntil: null,
    });
  });
});
