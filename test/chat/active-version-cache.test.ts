import { describe, expect, it } from "vitest";
import { ActiveVersionCache } from "../../src/chat/active-version-cache.ts";

/** A database stand-in whose answers the test releases one by one, and a clock it moves. */
function setup(maxAgeMs = 1000) {
  let active = 1;
  const reads: Array<(version: number) => void> = [];
  let now = 0;
  const cache = new ActiveVersionCache(
    () => new Promise<number | null>((resolve) => reads.push(() => resolve(active))),
    maxAgeMs,
    () => now,
  );
  return {
    cache,
    reads,
    answer: () => reads.shift()!(active),
    activateInDatabase: (version: number) => (active = version),
    advance: (ms: number) => (now += ms),
  };
}

/** A `get` that must miss: exactly one read goes to the database, which then answers. */
async function getThroughOneRead(t: ReturnType<typeof setup>): Promise<number | null> {
  const answer = t.cache.get();
  expect(t.reads).toHaveLength(1);
  t.answer();
  return answer;
}

describe("ActiveVersionCache", () => {
  it("should read once for callers that miss together, then answer from memory until the age is up", async () => {
    const t = setup();
    const first = [t.cache.get(), t.cache.get(), t.cache.get()];
    expect(t.reads).toHaveLength(1);
    t.answer();
    expect(await Promise.all(first)).toEqual([1, 1, 1]);

    t.activateInDatabase(2);
    t.advance(999);
    expect(await t.cache.get()).toBe(1);
    expect(t.reads).toHaveLength(0);

    t.advance(1);
    expect(await getThroughOneRead(t)).toBe(2);
  });

  it("should answer a version activated here at once, without reading", async () => {
    const t = setup();
    t.cache.set(7);
    expect(await t.cache.get()).toBe(7);
    expect(t.reads).toHaveLength(0);
  });

  it("should read again after being told another instance activated a version", async () => {
    const t = setup();
    const first = t.cache.get();
    t.answer();
    await first;
    t.activateInDatabase(3);
    t.cache.forget();
    expect(await getThroughOneRead(t)).toBe(3);
  });

  it("should not keep an answer read before it was told of a change", async () => {
    const t = setup();
    const stale = t.cache.get();
    t.cache.forget();
    t.answer();
    expect(await stale).toBe(1);
    t.activateInDatabase(4);
    expect(await getThroughOneRead(t)).toBe(4);
  });

  it("should not remember that no flow is installed", async () => {
    let reads = 0;
    const cache = new ActiveVersionCache(
      async () => (reads++, null),
      1000,
      () => 0,
    );
    expect(await cache.get()).toBeNull();
    expect(await cache.get()).toBeNull();
    expect(reads).toBe(2);
  });
});
