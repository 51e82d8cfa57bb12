import pino from "pino";
import { describe, expect, it } from "vitest";
import { TimerScheduler } from "../../src/chat/timer-scheduler.ts";
import type { ClaimedTimer } from "../../src/storage/timer-queries.ts";

/** A store whose claim answers only when the test says so (a database closing under a look). */
function heldStore() {
  let answer: (timers: ClaimedTimer[]) => void = () => {};
  let claims = 0;
  let onClaim: () => void = () => {};
  const claimed = new Promise<void>((resolve) => (onClaim = resolve));
  const store = {
    claimDueTimers: (): Promise<ClaimedTimer[]> => {
      claims += 1;
      onClaim();
      return new Promise((resolve) => (answer = resolve));
    },
    nextTimerCheck: (): Promise<Date | null> => Promise.resolve(null),
  };
  return { store, claimed, answer: (timers: ClaimedTimer[]) => answer(timers), claims: () => claims };
}

describe("the timer scheduler's shutdown", () => {
  it("should stop without waiting for a look whose database read never answers", async () => {
    const held = heldStore();
    const scheduler = new TimerScheduler({
      store: held.store,
      fire: async () => {},
      logger: pino({ level: "silent" }),
    });
    scheduler.start();
    await held.claimed;
    await scheduler.stop(); // resolves although the claim is still pending
    expect(held.claims()).toBe(1);
  });

  it("should not fire what a look claimed after it was stopped, and wait for turns already running", async () => {
    const held = heldStore();
    const fired: string[] = [];
    let finishTurn: () => void = () => {};
    const turnRunning = new Promise<void>((resolve) => (finishTurn = resolve));
    const scheduler = new TimerScheduler({
      store: held.store,
      fire: async (sessionId) => {
        fired.push(sessionId);
        await turnRunning;
      },
      logger: pino({ level: "silent" }),
    });
    scheduler.start();
    await held.claimed;
    held.answer([{ sessionId: "s1", dueAt: new Date(0) }]);
    // The first claim's timer is being fired: stop waits for its turn.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(fired).toEqual(["s1"]);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    finishTurn();
    await stopping;
    expect(fired).toEqual(["s1"]);
  });
});
