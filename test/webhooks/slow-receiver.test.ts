import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../src/storage/apply-migrations.ts";
import { openDatabase, type Database } from "../../src/storage/open-database.ts";
import { createStore } from "../../src/storage/store.ts";
import { DeliveryWorker } from "../../src/webhooks/delivery-worker.ts";
import type { SendResult, WebhookSender } from "../../src/webhooks/send-webhook.ts";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

describe("a slow webhook receiver", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ kind: "pglite-memory" });
    await applyMigrations(database);
  });
  afterAll(async () => await database?.close());

  it("should not hold up the deliveries to other receivers", async () => {
    const { prisma } = database;
    const delivery = async (id: string, webhookId: string) => {
      const at = new Date();
      await prisma.webhookDelivery.create({
        data: {
          id,
          webhookId,
          event: "conversation.ended",
          payload: { type: "conversation.ended", timestamp: at.toISOString(), data: {} },
          nextAttemptAt: at,
          retrySince: at,
          createdAt: at,
        },
      });
    };
    for (const id of ["slow", "fast"]) {
      await prisma.webhook.create({
        data: { id, url: `http://127.0.0.1:9/${id}`, events: ["conversation.ended"], secret: SECRET },
      });
    }
    let answerSlow: (result: SendResult) => void = () => {};
    let slowCalled: () => void = () => {};
    const slowArrived = new Promise<void>((resolve) => (slowCalled = resolve));
    const send: WebhookSender = ({ url }) => {
      if (!url.endsWith("/slow")) return Promise.resolve({ statusCode: 200 });
      slowCalled();
      return new Promise((resolve) => (answerSlow = resolve));
    };
    const worker = new DeliveryWorker({ store: createStore(database), send });
    await delivery("msg_slow", "slow");
    worker.start();
    await slowArrived;

    await delivery("msg_fast", "fast");
    worker.nudge(); // as a local commit would
    const status = async (id: string) => (await prisma.webhookDelivery.findUnique({ where: { id } }))?.status;
    await expect.poll(() => status("msg_fast")).toBe("DELIVERED");
    expect(await status("msg_slow")).toBe("PENDING");

    answerSlow({ statusCode: 200 });
    await expect.poll(() => status("msg_slow")).toBe("DELIVERED");
    await worker.stop();
  });
});
