import { afterAll, describe, expect, it } from "vitest";
import { selectUnmatchedLines } from "../../src/storage/unmatched-queries.ts";
import { openStorageDatabase, STORAGE_KINDS } from "../utils/test-database.ts";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe.each(STORAGE_KINDS)("the unmatched lines query on %s", (kind) => {
  it("should return the newest lines an intent block missed, newest session first, and only those", async () => {
    const { prisma } = await openStorageDatabase(kind, cleanups);
    await prisma.customer.create({ data: { id: "c", tokenHash: "h" } });
    await prisma.flowConfig.create({
      data: { version: 2, name: "f", checksum: "y", source: "{}", sourceType: "json", definition: "{}" },
    });
    let seq = 0;
    /** A session started on `day` of January whose customer said `lines` at turns 1, 2, …, each decided as `decisions` says. */
    const session = async (
      id: string,
      day: number,
      lines: [string, Record<string, string | boolean>][],
      version = 1,
    ) => {
      await prisma.session.create({
        data: { id, customerId: "c", flowVersion: version, state: {}, createdAt: new Date(Date.UTC(2026, 0, day)) },
      });
      for (const [index, [text, decision]] of lines.entries()) {
        const turn = index + 1;
        await prisma.message.create({
          data: { id: `m${++seq}`, sessionId: id, customerId: "c", sender: "CUSTOMER", text, turn },
        });
        await prisma.step.create({
          data: { sessionId: id, turn, blockId: "route", blockType: "intent", kind: "intent", data: decision },
        });
      }
    };
    const missed = { matched: false };
    await session("oldest", 1, [["old miss", missed]]);
    await session("newest", 5, [
      ["first miss of the newest", missed],
      ["understood", { matched: true, intent: "weather" }],
      ["second miss of the newest", missed],
    ]);
    await session("middle", 3, [
      ["middle miss", missed],
      ["classifier broke", { matched: false, error: "timeout" }],
      ["", { matched: false, reason: "empty_input" }],
    ]);
    await session("other version", 6, [["miss of version 2", missed]], 2);

    expect(await selectUnmatchedLines(prisma, { version: 1, limit: 10 })).toEqual([
      "second miss of the newest",
      "first miss of the newest",
      "middle miss",
      "old miss",
    ]);
    // The bound keeps the newest: the walk stops before the older sessions.
    expect(await selectUnmatchedLines(prisma, { version: 1, limit: 3 })).toEqual([
      "second miss of the newest",
      "first miss of the newest",
      "middle miss",
    ]);
    expect(await selectUnmatchedLines(prisma, { version: 2, limit: 10 })).toEqual(["miss of version 2"]);
  });
});
