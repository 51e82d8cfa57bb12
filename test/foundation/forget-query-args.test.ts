// Prisma's driver adapters log every query to @prisma/debug, which keeps the last 100 calls'
// arguments even with debugging off; a turn batch's parameters are hundreds of KB of text, so the
// batch write drops them from the query once the call has settled (src/storage/forget-query-args.ts;
// turn-batch.test.ts reads the PostgreSQL adapter's log after a batch).
import type { SqlQuery } from "@prisma/driver-adapter-utils";
import { describe, expect, it } from "vitest";
import { runForgettingArgs } from "../../src/storage/forget-query-args.ts";

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
