import { describe, expect, it } from "vitest";
import { runTurn } from "../../src/engine/run-turn.ts";
import { initialState } from "../../src/engine/types.ts";
import { botTexts } from "../utils/converse.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { buildFlow } from "../utils/flows.ts";

describe("initialState", () => {
  it("should be a session before its first turn: nowhere yet, nothing saved, pending or ended", () => {
    const state = initialState();
    expect(state).toStrictEqual({
      position: null,
      vars: {},
      returnStack: [],
      retries: 0,
      activeTriggers: [],
      lastMessage: null,
      ended: false,
    });
    // The chat service stores the state as JSON.
    expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
  });

  it("should give a new state each time, so one session's changes never reach another", () => {
    const first = initialState();
    first.vars["name"] = "Ada";
    first.activeTriggers.push("help");
    expect(initialState()).toMatchObject({ vars: {}, activeTriggers: [] });
  });

  it("should let a message that comes before any start run the flow from its start", async () => {
    const flow = buildFlow([
      { id: "hello", type: "message", text: "Hi!", next: "ask" },
      { id: "ask", type: "wait", next: "bye" },
      { id: "bye", type: "end" },
    ]);
    const customer = { id: "c1", name: null };
    const result = await runTurn(flow, initialState(), { type: "message", customer, text: "hi" }, createFakePorts());
    expect(botTexts(result)).toEqual(["Hi!"]);
    expect(result.outcome).toEqual({ type: "waiting", blockId: "ask" });
  });
});
