import { describe, expect, it } from "vitest";
import type { FlowProblem } from "../../src/engine/validation/flow-problem.ts";
import { validateFlow } from "../../src/engine/validation/validateFlow.ts";
import { BASE_FLOW } from "../utils/base-flow.ts";
import { editJson, type JsonEdit } from "../utils/edit-json.ts";

/** The problems at `path` (a change may also break references elsewhere). */
function problemsAt(edits: JsonEdit[], path: string): [string, string][] {
  const result = validateFlow(editJson(BASE_FLOW, edits));
  const errors: FlowProblem[] = result.ok ? [] : result.errors;
  return errors.filter((error) => error.path === path).map(({ code, message }) => [code, message]);
}

const TYPES = "message, wait, intent, condition, set, feedback, ai, return, end, handoff, http";

describe("schema problems in words", () => {
  it.each<[string, unknown, string, string]>([
    ["/name", undefined, "MISSING_FIELD", 'The flow: "name" is required.'],
    ["/name", "", "INVALID_VALUE", 'The flow: "name" must not be empty.'],
    ["/name", null, "WRONG_TYPE", 'The flow: "name" must be a string, not null.'],
    ["/name", 3, "WRONG_TYPE", 'The flow: "name" must be a string, not a number.'],
    ["/name", true, "WRONG_TYPE", 'The flow: "name" must be a string, not a boolean.'],
    ["/name", {}, "WRONG_TYPE", 'The flow: "name" must be a string, not an object.'],
    [
      "/schemaVersion",
      2,
      "UNSUPPORTED_SCHEMA_VERSION",
      "schemaVersion 2 is not supported; this server reads schemaVersion 1.",
    ],
    ["/blocks/1", "x", "WRONG_TYPE", "Block 1: it must be an object, not a string."],
    ["/blocks/0/id", 5, "WRONG_TYPE", 'Block 0: "id" must be a string, not a number.'],
    ["/blocks/0/id", undefined, "MISSING_FIELD", 'Block 0: "id" is required.'],
    ["/blocks/3/retry/max", 1.5, "WRONG_TYPE", 'Block "ask": "retry.max" must be a whole number, not a number.'],
    ["/blocks/3/retry/max", -1, "INVALID_VALUE", 'Block "ask": "retry.max" must be at least 0.'],
    ["/blocks/2/threshold", 2, "INVALID_VALUE", 'Block "route": "threshold" must be at most 1.'],
    ["/blocks/0/type", "bogus", "UNKNOWN_BLOCK_TYPE", `Block "hello": type "bogus" is not one of ${TYPES}.`],
    ["/blocks/0/type", undefined, "MISSING_FIELD", `Block "hello": "type" is required (one of ${TYPES}).`],
    [
      "/blocks/3/validate/type",
      "bogus",
      "INVALID_VALUE",
      'Block "ask": type "bogus" is not one of text, number, rating, email, choice.',
    ],
    [
      "/blocks/4/branches/0/if/op",
      "like",
      "INVALID_VALUE",
      'Block "check": "branches.0.if.op" must be one of "eq", "neq", "gt", "gte", "lt", "lte", "contains", "matches".',
    ],
    ["/blocks/4/branches/0/if/op", undefined, "MISSING_FIELD", 'Block "check": "branches.0.if.op" is required.'],
    ["/blocks/4/branches/0/if/value", {}, "WRONG_TYPE", 'Block "check": "branches.0.if.value" cannot be an object.'],
    ["/blocks/4/branches/0/if/value", undefined, "MISSING_FIELD", 'Block "check": "branches.0.if.value" is required.'],
    ["/blocks/4/branches", [], "INVALID_VALUE", 'Block "check": "branches" needs at least 1 item(s).'],
    ["/blocks/2/intents", [], "NO_INTENTS", 'Block "route": an intent block needs at least one intent.'],
    [
      "/blocks/1/saveAs",
      "1x",
      "INVALID_VAR_NAME",
      'Block "listen": "1x" is not a valid variable name; use letters, digits and "_" (not starting with a digit), and not "customer".',
    ],
    [
      "/blocks/5/id",
      "1bad",
      "INVALID_ID",
      'Block "1bad": "1bad" is not a valid id; ids start with a letter, then letters, digits, "_" or "-".',
    ],
    ["/triggers/0/keywords", "x", "WRONG_TYPE", 'Trigger "fb": "keywords" must be an array, not a string.'],
    ["/triggers/0/id", 3, "WRONG_TYPE", 'Trigger 0: "id" must be a string, not a number.'],
  ])("should describe %s set to %j as %s: %s", (path, value, code, message) => {
    expect(problemsAt([[path, value]], path)).toEqual([[code, message]]);
  });

  it("should name a flow setting by its dotted path", () => {
    expect(problemsAt([["/settings", { maxStepsPerTurn: 0 }]], "/settings/maxStepsPerTurn")).toEqual([
      ["INVALID_VALUE", 'The flow: "settings.maxStepsPerTurn" must be at least 1.'],
    ]);
  });

  it("should name an unknown field at its own pointer, for a block, a trigger and the flow", () => {
    expect(problemsAt([["/triggers/0/extra", 1]], "/triggers/0/extra")).toEqual([
      ["UNKNOWN_FIELD", 'Trigger "fb": unknown field "extra".'],
    ]);
    expect(problemsAt([["/blocks/0/a~b", 1]], "/blocks/0/a~0b")).toEqual([
      ["UNKNOWN_FIELD", 'Block "hello": unknown field "a~b".'],
    ]);
    expect(problemsAt([["/extra", 1]], "/extra")).toEqual([["UNKNOWN_FIELD", 'The flow: unknown field "extra".']]);
  });

  it("should describe the quick-reply and choice rules", () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ label: `l${i}`, value: "v" }));
    expect(problemsAt([["/blocks/1/options", many]], "/blocks/1/options")).toEqual([
      ["INVALID_VALUE", 'Block "listen": "options" may have at most 10 items.'],
    ]);
    expect(problemsAt([["/blocks/1/options", many.slice(0, 10)]], "/blocks/1/options")).toEqual([]);
    expect(problemsAt([["/blocks/1/options", [{ label: " ", value: "v" }]]], "/blocks/1/options/0/label")).toEqual([
      ["INVALID_VALUE", 'Block "listen": "options.0.label" is invalid: a label needs some text.'],
    ]);
    const twins = [
      { label: "A", value: "1" },
      { label: "b", value: "2" },
      { label: " a ", value: "3" },
    ];
    expect(problemsAt([["/blocks/1/options", twins]], "/blocks/1/options/2/label")).toEqual([
      [
        "INVALID_VALUE",
        'Block "listen": "options.2.label" is invalid: option 3 has the same label as option 1 (labels are compared ignoring case).',
      ],
    ]);
    expect(problemsAt([["/blocks/1/validate", { type: "choice" }]], "/blocks/1/validate")).toEqual([
      [
        "INVALID_VALUE",
        'Block "listen": "validate" is invalid: a "choice" accepts only the block\'s options, and this block has no "options".',
      ],
    ]);
    const both: JsonEdit[] = [
      ["/blocks/1/options", [{ label: "A", value: "1" }]],
      ["/blocks/1/validate", { type: "choice", options: ["A"] }],
    ];
    expect(problemsAt(both, "/blocks/1/validate/options")).toEqual([
      [
        "INVALID_VALUE",
        'Block "listen": "validate.options" is invalid: give the choices once, as the block\'s "options" (the rule\'s own list is the older form).',
      ],
    ]);
    expect(
      problemsAt(
        [
          ["/blocks/1/options", [{ label: "A", value: "1" }]],
          ["/blocks/1/validate", { type: "choice" }],
        ],
        "/blocks/1/validate",
      ),
    ).toEqual([]);
    expect(problemsAt([["/blocks/1/validate", { type: "choice", options: ["A"] }]], "/blocks/1/validate")).toEqual([]);
  });

  it.each([
    ["text", { min: 3, max: 3 }],
    ["number", { min: -1 }],
    ["rating", { max: 10 }],
  ])("should accept a %s range %j that is in order or open", (type, range) => {
    expect(problemsAt([["/blocks/3/validate", { type, ...range }]], "/blocks/3/validate/max")).toEqual([]);
  });

  it.each([
    [null, "null"],
    [[], "an array"],
    ["flow", "a string"],
    [42, "a number"],
  ])("should refuse a document that is %j, not an object, in one sentence", (input, kind) => {
    expect(validateFlow(input)).toEqual({
      ok: false,
      errors: [{ path: "", code: "WRONG_TYPE", message: `A flow must be an object, not ${kind}.` }],
      warnings: [],
    });
  });

  it("should compare quick-reply labels in lower case, where ß and SS differ", () => {
    const labels = [
      { label: "Straße", value: "1" },
      { label: "STRASSE", value: "2" },
    ];
    expect(problemsAt([["/blocks/1/options", labels]], "/blocks/1/options/1/label")).toEqual([]);
  });

  it("should trim a handoff queue's name, and refuse a blank one", () => {
    const handoff = { id: "human", type: "handoff", queue: " billing ", next: "hello" };
    const result = validateFlow(
      editJson(BASE_FLOW, [
        ["/blocks/-", handoff],
        ["/blocks/0/next", "human"],
      ]),
    );
    expect(result.ok && result.flow.blocks.find((block) => block.id === "human")).toMatchObject({ queue: "billing" });
    const blank = editJson(BASE_FLOW, [
      ["/blocks/-", { ...handoff, queue: "  " }],
      ["/blocks/0/next", "human"],
    ]);
    expect(validateFlow(blank)).toMatchObject({
      ok: false,
      errors: [{ path: "/blocks/6/queue", code: "INVALID_VALUE" }],
    });
  });
});
