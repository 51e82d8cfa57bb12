import type { TurnWrite } from "../../src/storage/turn-writes.ts";

/**
 * A turn's writes for storage tests: session `s1` of customer `c1` on flow version 1, a new
 * session (`expectedTurn: null`) waiting at `wait`, with nothing to store. Override what the
 * test is about.
 */
export function aTurnWrite(overrides: Partial<TurnWrite> = {}): TurnWrite {
  return {
    sessionId: "s1",
    customerId: "c1",
    flowVersion: 1,
    expectedTurn: null,
    state: {},
    currentBlockId: "wait",
    ended: false,
    messages: [],
    steps: [],
    feedback: [],
    handoff: null,
    handoffQueue: null,
    timer: null,
    now: new Date("2026-11-30T10:00:00.000Z"),
    ...overrides,
  };
}
