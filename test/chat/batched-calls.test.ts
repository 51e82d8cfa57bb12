import { describe, expect, it } from "vitest";
import { BatchedCalls } from "../../src/chat/batched-calls.ts";

describe("BatchedCalls", () => {
  it("should make one call for the items asked together, and answer each its own", async () => {
    const calls: number[][] = [];
    const batched = new BatchedCalls(async (items: number[]) => {
      calls.push(items);
      return items.map((n) => n * 10);
    });
    expect(await Promise.all([1, 2, 3].map((n) => batched.call(n)))).toEqual([10, 20, 30]);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  it("should gather the items asked while a call runs into the next one, at most maxBatch to a call", async () => {
    const calls: number[][] = [];
    let release: () => void = () => {};
    const running = new Promise<void>((resolve) => (release = resolve));
    const batched = new BatchedCalls(async (items: number[]) => {
      calls.push(items);
      if (calls.length === 1) await running;
      return items;
    }, 2);
    const first = batched.call(1);
    // Waits until the first call is running, then asks for five more while it is.
    await new Promise((resolve) => setImmediate(resolve));
    const more = [2, 3, 4, 5, 6].map((n) => batched.call(n));
    release();
    expect(await Promise.all([first, ...more])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(calls).toEqual([[1], [2, 3], [4, 5], [6]]);
  });

  it("should reject every item of a failed call and go on with the next", async () => {
    const batched = new BatchedCalls(async (items: string[]) => {
      if (items.includes("bad")) throw new Error("refused");
      return items.map((item) => item.toUpperCase());
    });
    const failed = await Promise.allSettled([batched.call("bad"), batched.call("fine")]);
    expect(failed.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    expect(await batched.call("next")).toBe("NEXT");
  });

  it("should answer callers of a large batch a slice at a time, all of them", async () => {
    const batched = new BatchedCalls(async (items: number[]) => items, 500, 3);
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect(await Promise.all(items.map((n) => batched.call(n)))).toEqual(items);
  });
});
