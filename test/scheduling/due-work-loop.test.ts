import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DueWorkLoop } from "../../src/scheduling/due-work-loop.ts";

/**
 * The loop's sleeps run on vitest's fake timers, moved by hand: each test says exactly when a
 * pass may run and when it may not.
 */
beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 30, 9) });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A loop whose passes answer from `plan` in turn (then `Infinity`), counted and checked never to overlap. */
function loopWith(plan: ((now: number) => number | Error)[], options: { maxSleepMs?: number; retryMs?: number } = {}) {
  const record = { passes: 0, running: 0, overlapped: false, errors: [] as unknown[] };
  let release: (() => void) | undefined;
  const state = { hold: false };
  const loop = new DueWorkLoop({
    pass: async () => {
      record.running++;
      if (record.running > 1) record.overlapped = true;
      record.passes++;
      if (state.hold) await new Promise<void>((resolve) => (release = resolve));
      record.running--;
      const answer = (plan.shift() ?? (() => Infinity))(Date.now());
      if (answer instanceof Error) throw answer;
      return answer;
    },
    onError: (error) => record.errors.push(error),
    maxSleepMs: options.maxSleepMs ?? 30_000,
    retryMs: options.retryMs ?? 5_000,
  });
  return { loop, record, state, release: () => release?.() };
}

describe("DueWorkLoop", () => {
  it("should run a pass at start, sleep until the time it named, and not wake before", async () => {
    const { loop, record } = loopWith([(now) => now + 1_000]);
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(record.passes).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(record.passes).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(record.passes).toBe(2);
    loop.stop();
  });

  it("should look again at once when a pass says more is due now", async () => {
    const { loop, record } = loopWith([(now) => now, (now) => now - 5, () => Infinity]);
    loop.start();
    // A zero-delay timer each: Node runs one after 1 ms at the earliest.
    await vi.advanceTimersByTimeAsync(5);
    expect(record.passes).toBe(3);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(record.passes).toBe(3);
    loop.stop();
  });

  it("should sleep at most maxSleepMs when nothing is known to be due", async () => {
    const { loop, record } = loopWith([], { maxSleepMs: 30_000 });
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(record.passes).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(record.passes).toBe(2);
    loop.stop();
  });

  it("should wake early for a nudge, and ignore one later than its wake-up", async () => {
    const { loop, record } = loopWith([(now) => now + 10_000]);
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    loop.nudge(Date.now() + 20_000);
    loop.nudge(Date.now() + 3_000);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(record.passes).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(record.passes).toBe(2);
    loop.stop();
  });

  it("should honour a nudge that came during a pass right after it, never running two passes at once", async () => {
    const { loop, record, state, release } = loopWith([(now) => now + 60_000]);
    state.hold = true;
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(record.running).toBe(1);
    loop.nudge();
    loop.nudge();
    state.hold = false;
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(record.passes).toBe(2);
    expect(record.overlapped).toBe(false);
    loop.stop();
  });

  it("should run one more pass on runNow after the one running, and resolve when it ends", async () => {
    const { loop, record, state, release } = loopWith([(now) => now + 60_000, (now) => now + 60_000]);
    state.hold = true;
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    const ran = loop.runNow();
    state.hold = false;
    release();
    await ran;
    expect(record.passes).toBe(2);
    expect(record.overlapped).toBe(false);
    loop.stop();
  });

  it("should report a failed pass and look again after retryMs", async () => {
    const failure = new Error("database away");
    const { loop, record } = loopWith([() => failure], { retryMs: 5_000 });
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(record.errors).toEqual([failure]);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(record.passes).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(record.passes).toBe(2);
    loop.stop();
  });

  it("should start no pass after stop, while `current` still ends with the pass running", async () => {
    const { loop, record, state, release } = loopWith([(now) => now]);
    state.hold = true;
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    loop.stop();
    loop.nudge();
    const current = loop.current;
    state.hold = false;
    release();
    await current;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(record.passes).toBe(1);
    await loop.runNow();
    expect(record.passes).toBe(1);
  });
});
