import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../src/storage/apply-migrations.ts";
import { openDatabase, type Database } from "../../src/storage/open-database.ts";
import { createStore } from "../../src/storage/store.ts";
import { DeliveryWorker } from "../../src/webhooks/delivery-worker.ts";
import { aTurnWrite } from "../utils/turn-write.ts";

describe("stopping the delivery worker", () => {
  let database: Database;
  let receiver: http.Server;
  let arrived: () => void = () => {};
  const requestArrived = new Promise<void>((resolve) => (arrived = resolve));

  beforeAll(async () => {
    // A receiver that never answers.
    receiver = http.createServer(() => arrived());
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    database = await openDatabase({ kind: "pglite-memory" });
    await applyMigrations(database);
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await database?.close();
  });

  it("should abandon the attempt in flight and give the delivery back untried", async () => {
    let nudge = () => {};
    const store = createStore(database, { onDeliveriesWritten: () => nudge() });
    const worker = new DeliveryWorker({ store });
    nudge = () => worker.nudge();
    const { port } = receiver.address() as AddressInfo;
    const { prisma } = database;
    await prisma.webhook.create({
      data: {
        id: "wh1",
        url: `http://127.0.0.1:${port}/hook`,
        events: ["conversation.started"],
        secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      },
    });
    await prisma.customer.create({ data: { id: "c1", tokenHash: "h" } });
    await prisma.flowConfig.create({
      data: { version: 1, name: "f", checksum: "x", source: "{}", sourceType: "json", definition: "{}" },
    });
    worker.start();
    const committed = await store.commitTurn(aTurnWrite({ now: new Date() }));

    expect(committed).toBe("committed");
    await requestArrived; // the local commit woke the worker, which is now waiting for an answer
    await worker.stop();
    const [delivery] = await prisma.webhookDelivery.findMany();
    expect(delivery).toMatchObject({ status: "PENDING", attempts: 0, lockedUntil: null });
  });
});
