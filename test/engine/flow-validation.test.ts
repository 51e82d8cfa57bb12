import { describe, expect, it } from "vitest";
import { validateFlow } from "../../src/engine/validation/validateFlow.ts";
import type { FlowProblem } from "../../src/engine/validation/flow-problem.ts";

/** A small valid flow that each case below breaks in one way. */
function baseFlow(): Record<string, any> {
  return {
    schemaVersion: 1,
    name: "Base",
    start: "hello",
    triggers: [{ id: "fb", keywords: ["feedback"], goto: "ask", resume: true }],
    blocks: [
      { id: "hello", type: "message", text: "Hi", next: "listen" },
      { id: "listen", type: "wait", saveAs: "request", next: "route" },
      { id: "route", type: "intent", intents: [{ id: "yes", description: "agree", next: "hello" }], noMatch: "listen" },
      { id: "ask", type: "wait", validate: { type: "rating" }, retry: { text: "1-5", max: 2, exhausted: "back" }, next: "check" },
      { id: "check", type: "condition", branches: [{ if: { var: "x", op: "eq", value: 1 }, next: "back" }], else: "back" },
      { id: "back", type: "return" },
    ],
  };
}

function errorsOf(mutate: (flow: Record<string, any>) => void): Pick<FlowProblem, "path" | "code">[] {
  const flow = baseFlow();
  mutate(flow);
  const result = validateFlow(flow);
  return result.ok ? [] : result.errors.map(({ path, code }) => ({ path, code }));
}

describe("validateFlow", () => {
  it("should accept a valid flow and fill in defaults", () => {
    const result = validateFlow(baseFlow());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.flow.settings).toEqual({ intentThreshold: 0.5, maxStepsPerTurn: 50 });
    expect(result.warnings).toEqual([]);
  });

  it.each<[string, (flow: Record<string, any>) => void, string, string]>([
    ["an unknown top-level field", (f) => (f.extra = 1), "/extra", "UNKNOWN_FIELD"],
    ["an unknown block field", (f) => (f.blocks[0].colour = "red"), "/blocks/0/colour", "UNKNOWN_FIELD"],
    ["a field of another validation rule", (f) => (f.blocks[3].validate.options = ["a"]), "/blocks/3/validate/options", "UNKNOWN_FIELD"],
    ["a missing field", (f) => delete f.blocks[0].text, "/blocks/0/text", "MISSING_FIELD"],
    ["a missing block type", (f) => delete f.blocks[0].type, "/blocks/0/type", "MISSING_FIELD"],
    ["a wrong type", (f) => (f.blocks[3].retry.max = "2"), "/blocks/3/retry/max", "WRONG_TYPE"],
    ["a non-integer rating bound", (f) => (f.blocks[3].validate.max = 4.5), "/blocks/3/validate/max", "WRONG_TYPE"],
    ["an unknown block type", (f) => (f.blocks[0].type = "gif"), "/blocks/0/type", "UNKNOWN_BLOCK_TYPE"],
    ["an unknown condition operator", (f) => (f.blocks[4].branches[0].if.op = "like"), "/blocks/4/branches/0/if/op", "INVALID_VALUE"],
    ["a bad block id", (f) => f.blocks.push({ id: "2nd", type: "end" }), "/blocks/6/id", "INVALID_ID"],
    ["a bad variable name", (f) => (f.blocks[1].saveAs = "my var"), "/blocks/1/saveAs", "INVALID_VAR_NAME"],
    ["a duplicate block id", (f) => f.blocks.push({ id: "hello", type: "end" }), "/blocks/6/id", "DUPLICATE_ID"],
    ["a duplicate trigger id", (f) => f.triggers.push({ ...f.triggers[0] }), "/triggers/1/id", "DUPLICATE_ID"],
    ["an unknown start", (f) => (f.start = "nowhere"), "/start", "UNKNOWN_TARGET"],
    ["an unknown next", (f) => (f.blocks[0].next = "nowhere"), "/blocks/0/next", "UNKNOWN_TARGET"],
    ["an unknown trigger goto", (f) => (f.triggers[0].goto = "nowhere"), "/triggers/0/goto", "UNKNOWN_TARGET"],
    ["an unknown noMatch", (f) => (f.blocks[2].noMatch = "nowhere"), "/blocks/2/noMatch", "UNKNOWN_TARGET"],
    ["an unknown onError", (f) => (f.blocks[2].onError = "nowhere"), "/blocks/2/onError", "UNKNOWN_TARGET"],
    ["an unknown intent target", (f) => (f.blocks[2].intents[0].next = "nowhere"), "/blocks/2/intents/0/next", "UNKNOWN_TARGET"],
    ["an unknown retry.exhausted", (f) => (f.blocks[3].retry.exhausted = "nowhere"), "/blocks/3/retry/exhausted", "UNKNOWN_TARGET"],
    ["an unknown branch target", (f) => (f.blocks[4].branches[0].next = "nowhere"), "/blocks/4/branches/0/next", "UNKNOWN_TARGET"],
    ["an unknown else", (f) => (f.blocks[4].else = "nowhere"), "/blocks/4/else", "UNKNOWN_TARGET"],
    ["an intent block without intents", (f) => (f.blocks[2].intents = []), "/blocks/2/intents", "NO_INTENTS"],
    ["a loop without a wait", (f) => (f.blocks[2].noMatch = "hello") && (f.blocks[0].next = "route"), "/blocks/2/noMatch", "CYCLE_WITHOUT_WAIT"],
    ["a block that loops to itself", (f) => (f.blocks[4].else = "check"), "/blocks/4/else", "CYCLE_WITHOUT_WAIT"],
    ["a schemaVersion other than 1", (f) => (f.schemaVersion = 2), "/schemaVersion", "UNSUPPORTED_SCHEMA_VERSION"],
  ])("should reject %s", (_case, mutate, path, code) => {
    expect(errorsOf(mutate)).toEqual([{ path, code }]);
  });

  it("should find a loop that is entered only through a trigger", () => {
    const errors = errorsOf((f) => {
      f.blocks[4].else = "loop";
      f.blocks.push({ id: "loop", type: "set", var: "n", value: "1", next: "check" });
    });
    expect(errors).toEqual([{ path: "/blocks/6/next", code: "CYCLE_WITHOUT_WAIT" }]);
  });

  it("should not count a loop through a wait block", () => {
    expect(errorsOf((f) => (f.blocks[2].noMatch = "hello"))).toEqual([]);
  });

  it("should report every problem at once, in path order", () => {
    const errors = errorsOf((f) => {
      f.schemaVersion = 3;
      f.blocks[0].next = "nowhere";
      f.blocks[1].colour = "red";
      f.blocks[2].intents = [];
      f.blocks.push({ id: "listen", type: "teleport" });
    });
    expect(errors).toEqual([
      { path: "/blocks/0/next", code: "UNKNOWN_TARGET" },
      { path: "/blocks/1/colour", code: "UNKNOWN_FIELD" },
      { path: "/blocks/2/intents", code: "NO_INTENTS" },
      { path: "/blocks/6/id", code: "DUPLICATE_ID" },
      { path: "/blocks/6/type", code: "UNKNOWN_BLOCK_TYPE" },
      { path: "/schemaVersion", code: "UNSUPPORTED_SCHEMA_VERSION" },
    ]);
  });

  it("should explain each problem in words a flow author understands", () => {
    const flow = baseFlow();
    flow.blocks[0].next = "nowhere";
    flow.blocks[3].retry.max = "2";
    const result = validateFlow(flow);
    expect(result.ok ? [] : result.errors.map((error) => error.message)).toEqual([
      'Block "hello": "next" names "nowhere", but no block has that id.',
      'Block "ask": "retry.max" must be a number, not a string.',
    ]);
  });

  it("should warn about unreachable blocks without rejecting the flow", () => {
    const flow = baseFlow();
    flow.blocks.push({ id: "orphan", type: "end" });
    const result = validateFlow(flow);
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([{ path: "/blocks/6", code: "UNREACHABLE_BLOCK", message: 'Block "orphan" cannot be reached from "start" or any trigger.' }]);
  });

  it.each([null, [], "flow", 42])("should reject a document that is not an object (%j)", (input) => {
    const result = validateFlow(input);
    expect(result.ok ? [] : result.errors.map(({ path, code }) => ({ path, code }))).toEqual([{ path: "", code: "WRONG_TYPE" }]);
  });
});
