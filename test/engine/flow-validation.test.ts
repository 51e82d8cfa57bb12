import { describe, expect, it } from "vitest";
import type { FlowProblem } from "../../src/engine/validation/flow-problem.ts";
import { validateFlow } from "../../src/engine/validation/validateFlow.ts";
import { BASE_FLOW } from "../utils/base-flow.ts";
import { editJson, type JsonEdit } from "../utils/edit-json.ts";

function validate(edits: JsonEdit[]) {
  return validateFlow(editJson(BASE_FLOW, edits));
}

function errorsOf(edits: JsonEdit[]): Pick<FlowProblem, "path" | "code">[] {
  const result = validate(edits);
  return result.ok ? [] : result.errors.map(({ path, code }) => ({ path, code }));
}

describe("validateFlow", () => {
  it("should accept a valid flow and fill in defaults", () => {
    const result = validate([]);
    expect(result.ok && result.flow.settings).toEqual({ intentThreshold: 0.5, maxStepsPerTurn: 50 });
    expect(result.warnings).toEqual([]);
  });

  it.each<[string, JsonEdit[], string, string]>([
    ["an unknown top-level field", [["/extra", 1]], "/extra", "UNKNOWN_FIELD"],
    ["an unknown block field", [["/blocks/0/colour", "red"]], "/blocks/0/colour", "UNKNOWN_FIELD"],
    ["another rule's field", [["/blocks/3/validate/options", ["a"]]], "/blocks/3/validate/options", "UNKNOWN_FIELD"],
    ["a missing field", [["/blocks/0/text", undefined]], "/blocks/0/text", "MISSING_FIELD"],
    ["a missing block type", [["/blocks/0/type", undefined]], "/blocks/0/type", "MISSING_FIELD"],
    ["a wrong type", [["/blocks/3/retry/max", "2"]], "/blocks/3/retry/max", "WRONG_TYPE"],
    ["a missing set value", [["/blocks/-", { id: "s", type: "set", var: "x" }]], "/blocks/6/value", "MISSING_FIELD"],
    [
      "an object as set value",
      [["/blocks/-", { id: "s", type: "set", var: "x", value: {} }]],
      "/blocks/6/value",
      "WRONG_TYPE",
    ],
    ["a non-integer rating bound", [["/blocks/3/validate/max", 4.5]], "/blocks/3/validate/max", "WRONG_TYPE"],
    ["an unknown block type", [["/blocks/0/type", "gif"]], "/blocks/0/type", "UNKNOWN_BLOCK_TYPE"],
    ["an unknown operator", [["/blocks/4/branches/0/if/op", "like"]], "/blocks/4/branches/0/if/op", "INVALID_VALUE"],
    ["a bad block id", [["/blocks/-", { id: "2nd", type: "end" }]], "/blocks/6/id", "INVALID_ID"],
    ["a bad variable name", [["/blocks/1/saveAs", "my var"]], "/blocks/1/saveAs", "INVALID_VAR_NAME"],
    ["a duplicate block id", [["/blocks/-", { id: "hello", type: "end" }]], "/blocks/6/id", "DUPLICATE_ID"],
    ["a duplicate trigger id", [["/triggers/-", BASE_FLOW.triggers[0]]], "/triggers/1/id", "DUPLICATE_ID"],
    ["an unknown start", [["/start", "nowhere"]], "/start", "UNKNOWN_TARGET"],
    ["an unknown next", [["/blocks/0/next", "nowhere"]], "/blocks/0/next", "UNKNOWN_TARGET"],
    ["an unknown trigger goto", [["/triggers/0/goto", "nowhere"]], "/triggers/0/goto", "UNKNOWN_TARGET"],
    ["an unknown noMatch", [["/blocks/2/noMatch", "nowhere"]], "/blocks/2/noMatch", "UNKNOWN_TARGET"],
    ["an unknown onError", [["/blocks/2/onError", "nowhere"]], "/blocks/2/onError", "UNKNOWN_TARGET"],
    ["an unknown intent target", [["/blocks/2/intents/0/next", "x"]], "/blocks/2/intents/0/next", "UNKNOWN_TARGET"],
    ["an unknown exhausted", [["/blocks/3/retry/exhausted", "x"]], "/blocks/3/retry/exhausted", "UNKNOWN_TARGET"],
    ["an unknown branch target", [["/blocks/4/branches/0/next", "x"]], "/blocks/4/branches/0/next", "UNKNOWN_TARGET"],
    ["an unknown else", [["/blocks/4/else", "nowhere"]], "/blocks/4/else", "UNKNOWN_TARGET"],
    ["an intent block without intents", [["/blocks/2/intents", []]], "/blocks/2/intents", "NO_INTENTS"],
    [
      "a loop without a wait",
      [
        ["/blocks/2/noMatch", "hello"],
        ["/blocks/0/next", "route"],
      ],
      "/blocks/2/noMatch",
      "CYCLE_WITHOUT_WAIT",
    ],
    ["a block that loops to itself", [["/blocks/4/else", "check"]], "/blocks/4/else", "CYCLE_WITHOUT_WAIT"],
    ["a schemaVersion other than 1", [["/schemaVersion", 2]], "/schemaVersion", "UNSUPPORTED_SCHEMA_VERSION"],
  ])("should reject %s", (_case, edits, path, code) => {
    expect(errorsOf(edits)).toEqual([{ path, code }]);
  });

  it("should find a loop that is entered only through a trigger", () => {
    const errors = errorsOf([
      ["/blocks/4/else", "loop"],
      ["/blocks/-", { id: "loop", type: "set", var: "n", value: "1", next: "check" }],
    ]);
    expect(errors).toEqual([{ path: "/blocks/6/next", code: "CYCLE_WITHOUT_WAIT" }]);
  });

  it("should not count a loop through a wait block", () => {
    expect(errorsOf([["/blocks/2/noMatch", "hello"]])).toEqual([]);
  });

  it("should report every problem at once, in path order", () => {
    const errors = errorsOf([
      ["/schemaVersion", 3],
      ["/blocks/0/next", "nowhere"],
      ["/blocks/1/colour", "red"],
      ["/blocks/2/intents", []],
      ["/blocks/-", { id: "listen", type: "teleport" }],
    ]);
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
    const result = validate([
      ["/blocks/0/next", "nowhere"],
      ["/blocks/3/retry/max", "2"],
    ]);
    expect(result.ok ? [] : result.errors.map((error) => error.message)).toEqual([
      'Block "hello": "next" names "nowhere", but no block has that id.',
      'Block "ask": "retry.max" must be a number, not a string.',
    ]);
  });

  it("should warn about unreachable blocks without rejecting the flow", () => {
    const result = validate([["/blocks/-", { id: "orphan", type: "end" }]]);
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      {
        path: "/blocks/6",
        code: "UNREACHABLE_BLOCK",
        message: 'Block "orphan" cannot be reached from "start" or any trigger.',
      },
    ]);
  });

  it.each([null, [], "flow", 42])("should reject a document that is not an object (%j)", (input) => {
    const result = validateFlow(input);
    expect(result.ok ? [] : result.errors.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: "", code: "WRONG_TYPE" },
    ]);
  });
});

describe("validateFlow on reply rules", () => {
  it.each(["text", "number", "rating"])("should reject a %s range whose max is below its min", (type) => {
    const result = validateFlow(editJson(BASE_FLOW, [["/blocks/3/validate", { type, min: 5, max: 1 }]]));
    expect(result.ok ? [] : result.errors).toEqual([
      {
        path: "/blocks/3/validate/max",
        code: "INVALID_VALUE",
        message: 'Block "ask": "validate.max" is invalid: max must not be below min.',
      },
    ]);
  });
});
