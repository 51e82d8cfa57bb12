import { describe, expect, it } from "vitest";
import { runTurn } from "../../src/engine/run-turn.ts";
import type { Flow } from "../../src/engine/schema/flow-schema.ts";
import { pendingTimer } from "../../src/engine/runtime/timerAt.ts";
import { initialState, type SessionState } from "../../src/engine/types.ts";
import { validateFlow } from "../../src/engine/validation/validateFlow.ts";
import { botTexts, converse, stepKinds } from "../utils/converse.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { buildFlow } from "../utils/flows.ts";

const customer = { id: "c1", name: "Ada" };

function silentFlow() {
  return buildFlow(
    [
      { id: "hello", type: "message", text: "What is your order number?", next: "ask" },
      { id: "ask", type: "wait", saveAs: "order", timeout: { after: "10m", next: "remind" }, next: "thanks" },
      { id: "remind", type: "message", text: "Still there?", next: "askAgain" },
      { id: "askAgain", type: "wait", saveAs: "order", timeout: { after: "1h", next: "close" }, next: "thanks" },
      { id: "close", type: "end", text: "Closing this chat for now." },
      { id: "thanks", type: "message", text: "Thanks, {{order}}.", next: "human" },
      { id: "human", type: "handoff", timeout: { after: "90s", next: "sorry" }, next: "ask" },
      { id: "sorry", type: "message", text: "Nobody is free right now.", next: "ask" },
    ],
    {},
  );
}

function timeout(flow: Flow, state: SessionState) {
  return runTurn(flow, state, { type: "timeout", customer }, createFakePorts());
}

describe("timers of wait and handoff blocks", () => {
  it("should ask for the wait block's timer after the turn that reaches it", async () => {
    const result = await converse(silentFlow()).start();
    expect(result.outcome).toEqual({ type: "waiting", blockId: "ask" });
    expect(result.timer).toEqual({ afterMs: 600_000, blockId: "ask" });
  });

  it("should continue at timeout.next when the timer goes off, and ask for the next block's timer", async () => {
    const flow = silentFlow();
    const chat = converse(flow);
    await chat.start();
    const fired = await timeout(flow, chat.state);
    expect(botTexts(fired)).toEqual(["Still there?"]);
    expect(stepKinds(fired)).toEqual(["ask:timeout", "remind:entered", "askAgain:entered"]);
    expect(fired.steps[0]?.data).toEqual({ after: "10m", next: "remind" });
    expect(fired.outcome).toEqual({ type: "waiting", blockId: "askAgain" });
    expect(fired.timer).toEqual({ afterMs: 3_600_000, blockId: "askAgain" });

    const closed = await timeout(flow, fired.state);
    expect(botTexts(closed)).toEqual(["Closing this chat for now."]);
    expect(closed.outcome).toEqual({ type: "ended" });
    expect(closed.timer).toBeNull();
  });

  it("should ask again for the same timer after an invalid reply (the customer was not silent)", async () => {
    const flow = buildFlow([
      { id: "ask", type: "wait", validate: { type: "number" }, timeout: { after: "5s", next: "bye" }, next: "bye" },
      { id: "bye", type: "end" },
    ]);
    const chat = converse(flow);
    await chat.start();
    const invalid = await chat.say("not a number");
    expect(invalid.outcome).toEqual({ type: "waiting", blockId: "ask" });
    expect(invalid.timer).toEqual({ afterMs: 5_000, blockId: "ask" });
  });

  it("should ask for no timer at a wait block without one, or once the conversation ended", async () => {
    const flow = buildFlow([
      { id: "ask", type: "wait", next: "bye" },
      { id: "bye", type: "end" },
    ]);
    const chat = converse(flow);
    expect((await chat.start()).timer).toBeNull();
    expect((await chat.say("hi")).timer).toBeNull();
  });

  it("should time out a handoff nobody claimed at its timeout.next", async () => {
    const flow = silentFlow();
    const chat = converse(flow);
    await chat.start();
    const queued = await chat.say("A-17");
    expect(queued.outcome).toEqual({ type: "waiting", blockId: "human", handoff: { queue: null } });
    expect(queued.timer).toEqual({ afterMs: 90_000, blockId: "human" });
    const fired = await timeout(flow, chat.state);
    expect(botTexts(fired)).toEqual(["Nobody is free right now."]);
    expect(fired.steps.slice(0, 2)).toEqual([
      { blockId: "human", blockType: "handoff", kind: "handoff", data: { event: "timed_out", next: "sorry" } },
      { blockId: "human", blockType: "handoff", kind: "timeout", data: { after: "90s", next: "sorry" } },
    ]);
    expect(fired.state.position).toEqual({ blockId: "ask", status: "waiting" });
  });

  it("should change nothing when the timer no longer applies", async () => {
    const flow = buildFlow([
      { id: "ask", type: "wait", next: "bye" },
      { id: "bye", type: "end" },
    ]);
    const chat = converse(flow);
    await chat.start();
    const stale = await timeout(flow, chat.state);
    expect(stale).toMatchObject({ outputs: [], steps: [], outcome: { type: "waiting", blockId: "ask" }, timer: null });
    expect(stale.state).toEqual(chat.state);
    await chat.say("hi");
    const afterEnd = await timeout(flow, chat.state);
    expect(afterEnd).toMatchObject({ outputs: [], steps: [], outcome: { type: "ended" }, timer: null });
  });
});

describe("the timer a session needs where it waits", () => {
  const flow = silentFlow();
  const at = (blockId: string, status: "waiting" | "halted" | "handoff") => ({
    ...initialState(),
    position: { blockId, status },
  });

  it("should ask for the timer of the wait or handoff block the session waits at", () => {
    expect(pendingTimer(flow, at("ask", "waiting"))).toEqual({ afterMs: 600_000, blockId: "ask" });
    expect(pendingTimer(flow, at("human", "handoff"))).toEqual({ afterMs: 90_000, blockId: "human" });
  });

  it("should ask for none before the first turn, after the end, after a runaway halt, or at a block not in the flow", () => {
    expect(pendingTimer(flow, initialState())).toBeNull();
    expect(pendingTimer(flow, { ...at("ask", "waiting"), ended: true })).toBeNull();
    expect(pendingTimer(flow, at("ask", "halted"))).toBeNull();
    expect(pendingTimer(flow, at("gone", "waiting"))).toBeNull();
  });

  it("should ask for none when a stored flow's duration cannot be read", () => {
    const unreadable = structuredClone(flow);
    const ask = unreadable.blocks.find((block) => block.id === "ask");
    if (ask?.type !== "wait" || !ask.timeout) throw new Error("silentFlow has no timed wait block ask");
    ask.timeout.after = "soon";
    expect(pendingTimer(unreadable, at("ask", "waiting"))).toBeNull();
  });

  it("should start no timer when a runaway halts the turn just before a timed wait block", async () => {
    const halting = buildFlow(
      [
        { id: "m1", type: "message", text: "one", next: "m2" },
        { id: "m2", type: "message", text: "two", next: "ask" },
        { id: "ask", type: "wait", timeout: { after: "5s", next: "bye" }, next: "bye" },
        { id: "bye", type: "end" },
      ],
      { settings: { maxStepsPerTurn: 2 } },
    );
    const chat = converse(halting);
    const halted = await chat.start();
    expect(halted.state.position).toEqual({ blockId: "ask", status: "halted" });
    expect(halted.timer).toBeNull();
    const resumed = await chat.say("go on");
    expect(resumed.state.position).toEqual({ blockId: "ask", status: "waiting" });
    expect(resumed.timer).toEqual({ afterMs: 5_000, blockId: "ask" });
  });
});

describe("timeout validation", () => {
  const flowWith = (timeoutValue: unknown) =>
    validateFlow({
      schemaVersion: 1,
      name: "T",
      start: "ask",
      blocks: [
        { id: "ask", type: "wait", timeout: timeoutValue, next: "bye" },
        { id: "bye", type: "end" },
      ],
    });

  it.each([["5s"], ["90s"], ["10m"], ["168h"]])("should accept after: %s", (after) => {
    expect(flowWith({ after, next: "bye" }).ok).toBe(true);
  });

  it.each([
    ["4s", "from 5s to 7 days"],
    ["169h", "from 5s to 7 days"],
    ["10", "a whole number and a unit"],
    ["1d", "a whole number and a unit"],
    ["1.5h", "a whole number and a unit"],
    ["0m", "a whole number and a unit"],
    [" 5m", "a whole number and a unit"],
  ])("should refuse after: %j with a message that says why", (after, why) => {
    const result = flowWith({ after, next: "bye" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([expect.objectContaining({ path: "/blocks/0/timeout/after" })]);
    expect(result.errors[0]?.message).toContain(why);
  });

  it("should refuse a timeout whose next names no block, pointing at the field", () => {
    const result = flowWith({ after: "5m", next: "nowhere" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.objectContaining({ path: "/blocks/0/timeout/next", code: "UNKNOWN_TARGET" }),
    ]);
  });

  it("should count a block reached only through a timeout as reachable", () => {
    const result = validateFlow({
      schemaVersion: 1,
      name: "T",
      start: "ask",
      blocks: [
        { id: "ask", type: "wait", timeout: { after: "5m", next: "late" } },
        { id: "late", type: "end", text: "Bye for now." },
      ],
    });
    expect(result.ok && result.warnings).toEqual([]);
  });
});
