import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../src/storage/apply-migrations.ts";
import { openDatabase, type Database } from "../../src/storage/open-database.ts";
import { writeTurnBatch } from "../../src/storage/turn-batch-writes.ts";
import { commitTurn, type TurnWrite } from "../../src/storage/turn-writes.ts";
import { aTurnWrite } from "../utils/turn-write.ts";

const now = new Date("2026-11-30T10:00:00.000Z");
const turn = (sessionId: string, expectedTurn: number | null, ended = false): TurnWrite =>
  aTurnWrite({ sessionId, expectedTurn, ended, currentBlockId: ended ? null : "wait", now });

describe("the webhook outbox, written with the turn", () => {
  let database: Database;
  const events = async (sessionId: string) =>
    (await database.prisma.webhookDelivery.findMany({ orderBy: { event: "asc" } }))
      .filter((row) => (row.payload as { data: { session: { id: string } } }).data.session.id === sessionId)
      .map((row) => `${row.webhookId}:${row.event}`)
      .sort();

  beforeAll(async () => {
    database = await openDatabase({ kind: "pglite-memory" });
    await applyMigrations(database);
    const { prisma } = database;
    await prisma.customer.create({ data: { id: "c1", tokenHash: "h" } });
    await prisma.flowConfig.create({
      data: { version: 1, name: "f", checksum: "x", source: "{}", sourceType: "json", definition: "{}" },
    });
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    await prisma.webhook.create({
      data: { id: "all", url: "http://127.0.0.1:1/", events: ["conversation.started", "conversation.ended"], secret },
    });
    await prisma.webhook.create({
      data: { id: "starts", url: "http://127.0.0.1:1/", events: ["conversation.started"], secret },
    });
    await prisma.webhook.create({
      data: { id: "none", url: "http://127.0.0.1:1/", events: ["feedback.received"], secret },
    });
  });
  afterAll(async () => await database?.close());

  it("should write one delivery per event and subscribed webhook in the batch statement", async () => {
    const result = await writeTurnBatch(database.driver, [turn("s1", null, true)]);
    expect(result).toEqual({ committed: new Set(["s1"]), deliveries: 3 });
    expect(await events("s1")).toEqual([
      "all:conversation.ended",
      "all:conversation.started",
      "starts:conversation.started",
    ]);
  });

  it("should write no delivery for a turn that lost its optimistic check", async () => {
    await writeTurnBatch(database.driver, [turn("s2", null)]);
    const before = await events("s2");
    const result = await writeTurnBatch(database.driver, [turn("s2", 5, true), turn("s3", null)]);
    expect(result.committed).toEqual(new Set(["s3"]));
    expect(await events("s2")).toEqual(before);
    expect(await events("s3")).toEqual(["all:conversation.started", "starts:conversation.started"]);
  });

  it("should write the same deliveries when a turn is committed on its own", async () => {
    expect(await commitTurn(database.prisma, turn("s4", null, true))).toBe("committed");
    expect(await events("s4")).toEqual([
      "all:conversation.ended",
      "all:conversation.started",
      "starts:conversation.started",
    ]);
    expect(await commitTurn(database.prisma, turn("s4", 7, true))).toBe("conflict");
    expect(await events("s4")).toHaveLength(3);
  });
});
