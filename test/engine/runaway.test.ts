import { describe, expect, it } from "vitest";
import { RUNAWAY_TEXT } from "../../src/engine/runtime/walkFlow.ts";
import { flowSchema } from "../../src/engine/schema/flow-schema.ts";
import { botTexts, converse } from "../utils/converse.ts";
import { buildFlow } from "../utils/flows.ts";

// Validation rejects loops without a wait, so in a valid flow a runaway is a chain longer than
// the budget; the guard still has to hold for it.
const chain = buildFlow(
  [
    { id: "ask", type: "wait", next: "m1" },
    ...[1, 2, 3, 4, 5, 6, 7].map((n) => ({
      id: `m${n}`,
      type: "message",
      text: `line ${n}`,
      next: n < 7 ? `m${n + 1}` : "ask",
    })),
  ],
  { settings: { maxStepsPerTurn: 5 } },
);

describe("runaway protection", () => {
  it("should stop after maxStepsPerTurn blocks with an error step and a polite message, waiting where it stopped", async () => {
    const chat = converse(chain);
    await chat.start();
    const result = await chat.say("go");
    expect(result.steps.filter((step) => step.kind === "entered")).toHaveLength(5);
    expect(botTexts(result)).toEqual(["line 1", "line 2", "line 3", "line 4", "line 5", RUNAWAY_TEXT]);
    expect(result.outputs.at(-1)?.blockId).toBe("m6");
    expect(result.steps.at(-1)).toEqual({
      blockId: "m6",
      blockType: "message",
      kind: "error",
      data: { reason: "runaway", maxStepsPerTurn: 5 },
    });
    expect(result.outcome).toEqual({ type: "waiting", blockId: "m6" });
    expect(result.state.position).toEqual({ blockId: "m6", status: "halted" });
  });

  it("should continue from where it stopped with the next message", async () => {
    const chat = converse(chain);
    await chat.start();
    await chat.say("go");
    const resumed = await chat.say("and?");
    expect(botTexts(resumed)).toEqual(["line 6", "line 7"]);
    expect(resumed.outcome).toEqual({ type: "waiting", blockId: "ask" });
    expect(resumed.state.position).toEqual({ blockId: "ask", status: "waiting" });
  });

  it("should let a trigger interrupt a halted turn and resume by running the halted block", async () => {
    const withTrigger = buildFlow(
      [
        ...chain.blocks,
        { id: "help", type: "message", text: "Help is here.", next: "back" },
        { id: "back", type: "return" },
      ],
      {
        start: "ask",
        settings: { maxStepsPerTurn: 5 },
        triggers: [{ id: "help", keywords: ["help"], goto: "help", resume: true }],
      },
    );
    const chat = converse(withTrigger);
    await chat.start();
    await chat.say("go");
    const result = await chat.say("help");
    expect(botTexts(result)).toEqual(["Help is here.", "line 6", "line 7"]);
    expect(result.outcome).toEqual({ type: "waiting", blockId: "ask" });
  });

  it("should also stop an endless loop in a flow that skipped validation", async () => {
    const unvalidated = flowSchema.parse({
      schemaVersion: 1,
      name: "Loop",
      start: "a",
      blocks: [
        { id: "a", type: "set", var: "x", value: "1", next: "b" },
        { id: "b", type: "set", var: "y", value: "2", next: "a" },
      ],
    });
    const result = await converse(unvalidated).start();
    expect(result.steps.filter((step) => step.kind === "entered")).toHaveLength(50);
    expect(result.outcome.type).toBe("waiting");
  });
});
