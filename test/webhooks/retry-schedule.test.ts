import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../src/storage/apply-migrations.ts";
import { openDatabase, type Database } from "../../src/storage/open-database.ts";
import { createStore, type Store } from "../../src/storage/store.ts";
import { aTurnWrite } from "../utils/turn-write.ts";
import { DeliveryWorker } from "../../src/webhooks/delivery-worker.ts";
import { DEFAULT_RETRY_SCHEDULE, planRetry } from "../../src/webhooks/retry-schedule.ts";
import type { SendResult, WebhookSender } from "../../src/webhooks/send-webhook.ts";

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const start = new Date("2026-11-30T00:00:00.000Z");
const after = (ms: number) => new Date(start.getTime() + ms);

describe("planRetry", () => {
  it("should wait 5 s, then double, at most 1 h apart", () => {
    const waits = [1, 2, 3, 4, 10, 11, 12, 30].map(
      (attempts) =>
        (planRetry(DEFAULT_RETRY_SCHEDULE, { attempts, retrySince: start, now: start }) as Date).getTime() -
        start.getTime(),
    );
    expect(waits).toEqual([5, 10, 20, 40, 2560, 3600, 3600, 3600].map((s) => s * SECOND));
  });

  it("should give up once 24 h have passed since the creation, not before", () => {
    expect(
      planRetry(DEFAULT_RETRY_SCHEDULE, { attempts: 30, retrySince: start, now: after(24 * HOUR - 1) }),
    ).toBeInstanceOf(Date);
    expect(planRetry(DEFAULT_RETRY_SCHEDULE, { attempts: 30, retrySince: start, now: after(24 * HOUR) })).toBe(
      "give-up",
    );
  });
});

describe("DeliveryWorker's back-off, on a clock moved by hand", () => {
  let database: Database;
  let store: Store;
  let clock = start;
  const answers: SendResult[] = [];
  const sent: { id: string; at: Date }[] = [];
  const send: WebhookSender = async ({ headers }) => {
    sent.push({ id: headers["webhook-id"]!, at: clock });
    return answers.shift() ?? { statusCode: 503 };
  };

  beforeAll(async () => {
    database = await openDatabase({ kind: "pglite-memory" });
    await applyMigrations(database);
    store = createStore(database);
  });
  afterAll(async () => await database?.close());

  it("should retry at 5 s, 10 s, 20 s … and fail the delivery after 24 h", async () => {
    await database.prisma.webhook.create({
      data: {
        id: "wh1",
        url: "http://127.0.0.1:1/hook",
        events: ["conversation.started"],
        secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      },
    });
    await database.prisma.customer.create({ data: { id: "c1", tokenHash: "h" } });
    await database.prisma.flowConfig.create({
      data: { version: 1, name: "f", checksum: "x", source: "{}", sourceType: "json", definition: "{}" },
    });
    const turn = aTurnWrite({ currentBlockId: null, now: start });

    expect(await store.commitTurn(turn)).toBe("committed");
    const worker = new DeliveryWorker({ store, send, now: () => clock });

    expect(await worker.runOnce()).toBe(1);
    const waits: number[] = [];
    for (let i = 0; i < 40; i++) {
      const due = await store.nextDeliveryDue();
      if (due === null) break;
      expect(await worker.runOnce()).toBe(0); // not yet due
      waits.push(due.getTime() - clock.getTime());
      clock = due;
      expect(await worker.runOnce()).toBe(1);
    }
    expect(waits.slice(0, 5)).toEqual([5, 10, 20, 40, 80].map((s) => s * SECOND));
    expect(Math.max(...waits)).toBe(HOUR);
    expect(clock.getTime() - start.getTime()).toBeGreaterThanOrEqual(24 * HOUR);
    expect(new Set(sent.map((attempt) => attempt.id)).size).toBe(1);
    const [delivery] = await store.listDeliveries({ webhookId: "wh1", limit: 10 });
    expect(delivery).toMatchObject({ status: "failed", attempts: sent.length, lastStatusCode: 503 });
  });
});
