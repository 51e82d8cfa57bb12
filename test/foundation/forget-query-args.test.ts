// Prisma's driver adapters log every query to @prisma/debug, which keeps the last 100 calls'
// arguments even with debugging off; a turn batch's parameters are hundreds of KB of text, so the
// batch write drops them from the query once the call has settled (src/storage/forget-query-args.ts).
import { getLogs } from "@prisma/debug";
import type { SqlQuery } from "@prisma/driver-adapter-utils";
import { afterAll, describe, expect, it } from "vitest";
import { runForgettingArgs } from "../../src/storage/forget-query-args.ts";
import { commitTurnBatch } from "../../src/storage/turn-batch-writes.ts";
import { openStorageDatabase, POSTGRES_SKIP_REASON, TEST_DATABASE_URL } from "../utils/test-database.ts";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe("a query's parameters after the adapter ran it", () => {
  it("should reach the adapter, then be dropped from the object its log holds, whether it succeeded or failed", async () => {
    const logged: SqlQuery[] = [];
    const seen: unknown[][] = [];
    const record = (query: SqlQuery) => {
      logged.push(query);
      seen.push([...query.args]);
    };
    const answer = await runForgettingArgs({ sql: "SELECT $1", args: ["big"], argTypes: [] }, (query) => {
      record(query);
      return Promise.resolve(42);
    });
    const failed = runForgettingArgs({ sql: "SELECT $1", args: ["bigger"], argTypes: [] }, (query) => {
      record(query);
      return Promise.reject(new Error("no"));
    });
    await expect(failed).rejects.toThrow("no");
    expect(answer).toBe(42);
    expect(seen).toEqual([["big"], ["bigger"]]);
    expect(logged.map((query) => [query.sql, query.args, query.argTypes])).toEqual([
      ["SELECT $1", [], []],
      ["SELECT $1", [], []],
    ]);
  });
});

if (!TEST_DATABASE_URL) console.warn(`[chatflow tests] ${POSTGRES_SKIP_REASON} (the pg adapter's query log)`);

describe.skipIf(!TEST_DATABASE_URL)("the turn batch through the PostgreSQL adapter", () => {
  it("should leave none of its texts in @prisma/debug's history of queries", async () => {
    const database = await openStorageDatabase("postgres", cleanups);
    await database.prisma.customer.create({ data: { id: "c", tokenHash: "h" } });
    const marker = `a line only this test writes ${Date.now()}`;
    const now = new Date();
    const committed = await commitTurnBatch(database.driver, [
      {
        sessionId: "s",
        customerId: "c",
        flowVersion: 1,
        expectedTurn: null,
        state: {},
        currentBlockId: "wait",
        ended: false,
        messages: [{ id: "m", sender: "bot", text: marker, blockId: null, clientMsgId: null, createdAt: now }],
        steps: [],
        feedback: [],
        handoff: null,
        handoffQueue: null,
        timer: null,
        now,
      },
    ]);
    expect(committed).toEqual(new Set(["s"]));
    expect(getLogs(1_000_000)).toContain("[js::query_raw]");
    expect(getLogs(1_000_000)).not.toContain(marker);
  });
});
