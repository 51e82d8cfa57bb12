import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runTurn } from "../../src/engine/run-turn.ts";
import { initialState, type SessionState } from "../../src/engine/types.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { loadFlow } from "../utils/flows.ts";

const customer = { id: "c1", name: "Ada" };
// Words the flows react to, mixed with noise, so random conversations reach every branch.
const word = fc.constantFrom(
  "review",
  "feedback",
  "latte",
  "espresso",
  "rain",
  "flights",
  "restaurant",
  "bye",
  "5",
  "0",
  "no",
  "zzz",
);
const message = fc
  .array(fc.oneof(word, fc.string({ minLength: 1, maxLength: 8 })), { minLength: 1, maxLength: 4 })
  .map((words) => words.join(" "));

describe.each(["flows/default.yaml", "test/fixtures/coffee.json"])("any conversation with %s", (path) => {
  const flow = loadFlow(path);
  const waitIds = new Set(flow.blocks.filter((block) => block.type === "wait").map((block) => block.id));

  it("should keep the state serialisable, stay within the step budget and always wait at a wait block or end", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 12 }), async (messages) => {
        const ports = createFakePorts();
        let state: SessionState = (await runTurn(flow, initialState(), { type: "start", customer }, ports)).state;
        for (const text of messages) {
          const result = await runTurn(flow, state, { type: "message", customer, text }, ports);
          expect(JSON.parse(JSON.stringify(result.state))).toEqual(result.state);
          expect(result.steps.filter((step) => step.kind === "entered").length).toBeLessThanOrEqual(
            flow.settings.maxStepsPerTurn,
          );
          if (result.outcome.type === "waiting") expect(waitIds.has(result.outcome.blockId)).toBe(true);
          else expect(result.state.ended).toBe(true);
          if (state.ended) expect(result.outputs).toEqual([]);
          state = result.state;
        }
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});
