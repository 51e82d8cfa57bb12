import { describe, expect, it } from "vitest";
import { REGEX_MAX_WORK } from "../../src/engine/regex/flow-pattern.ts";
import { runTurn } from "../../src/engine/run-turn.ts";
import { compareValues } from "../../src/engine/runtime/compareValues.ts";
import type { ConditionOperator } from "../../src/engine/schema/block-schemas.ts";
import { initialState, type VarValue } from "../../src/engine/types.ts";
import { botTexts, converse } from "../utils/converse.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { buildFlow } from "../utils/flows.ts";

describe("condition operators", () => {
  it.each<[VarValue | undefined, ConditionOperator, VarValue, boolean]>([
    [5, "eq", "5", true],
    ["5.0", "eq", 5, true],
    ["yes", "eq", "yes", true],
    ["Yes", "eq", "yes", false],
    [undefined, "eq", "", true],
    [3, "neq", 4, true],
    ["10", "gt", "9", true], // numeric, not string order
    ["b", "gt", "a", true],
    ["abc", "gt", "9", true], // mixed: compared as strings
    [4, "gte", 4, true],
    [2, "lt", "2.5", true],
    [3, "lte", 2, false],
    ["I need an Umbrella", "contains", "umbrella", true],
    ["hello", "contains", "bye", false],
    ["order-123", "matches", "^order-\\d+$", true],
    ["BYE now", "matches", "/^bye/i", true],
    ["BYE now", "matches", "^bye", false],
  ])("should evaluate %j %s %j as %s", (left, op, right, holds) => {
    expect(compareValues(left, op, right)).toEqual({ status: "ok", holds });
  });

  it("should report an invalid regular expression instead of throwing", () => {
    expect(compareValues("x", "matches", "(unclosed")).toMatchObject({ status: "invalid_regex" });
  });
});

function conditionFlow(branches: unknown[]) {
  return buildFlow([
    { id: "ask", type: "wait", saveAs: "age", next: "check" },
    { id: "check", type: "condition", branches, else: "other" },
    { id: "adult", type: "end", text: "adult" },
    { id: "minor", type: "end", text: "minor" },
    { id: "other", type: "end", text: "other" },
  ]);
}

async function decide(branches: unknown[], reply: string) {
  const chat = converse(conditionFlow(branches));
  await chat.start();
  return chat.say(reply);
}

describe("condition block", () => {
  const branches = [
    { if: { var: "age", op: "gte", value: 18 }, next: "adult" },
    { if: { var: "age", op: "lt", value: 18 }, next: "minor" },
  ];

  it.each([
    ["30", "adult"],
    ["12", "minor"],
    ["unknown", "adult"], // not numeric, so compared as strings: "unknown" >= "18"
  ])("should take the first branch that holds for %j", async (reply, expected) => {
    const result = await decide(branches, reply);
    expect(botTexts(result)).toEqual([expected]);
  });

  it("should go to else when no branch holds and record which branch was taken", async () => {
    const result = await decide([{ if: { var: "age", op: "eq", value: "42" }, next: "adult" }], "41");
    expect(botTexts(result)).toEqual(["other"]);
    expect(result.steps.find((step) => step.kind === "condition")?.data).toEqual({ branch: "else", next: "other" });
  });

  it("should template string values before comparing", async () => {
    const result = await decide([{ if: { var: "age", op: "eq", value: "{{customer.id}}" }, next: "adult" }], "c1");
    expect(botTexts(result)).toEqual(["adult"]);
  });

  it("should compare a string value as text unless the operator is matches, and record the branch taken", async () => {
    const result = await decide(
      [
        { if: { var: "age", op: "eq", value: "4." }, next: "minor" },
        { if: { var: "age", op: "matches", value: "^4.$" }, next: "adult" },
      ],
      "42",
    );
    expect(botTexts(result)).toEqual(["adult"]);
    expect(result.steps.find((step) => step.kind === "condition")?.data).toEqual({ branch: 1, next: "adult" });
  });

  it("should count a match over REGEX_MAX_WORK as false and record the pattern as the flow wrote it", async () => {
    const flow = buildFlow([
      {
        id: "check",
        type: "condition",
        branches: [{ if: { var: "big", op: "matches", value: "/^A+$/i" }, next: "adult" }],
        else: "other",
      },
      { id: "adult", type: "end", text: "adult" },
      { id: "other", type: "end", text: "other" },
    ]);
    // A new session keeps the variables it is given, so the condition reads one too big to match.
    const state = { ...initialState(), vars: { big: "a".repeat(REGEX_MAX_WORK) } };
    const result = await runTurn(flow, state, { type: "start", customer: { id: "c1", name: null } }, createFakePorts());
    expect(botTexts(result)).toEqual(["other"]);
    expect(result.steps.find((step) => step.kind === "error")?.data).toEqual({
      reason: "regex_cut_off",
      branch: 0,
      pattern: "/^A+$/i",
      work: expect.any(Number),
    });
  });

  // Upload refuses a pattern that is invalid as written; an empty variable can still break one.
  it("should treat an invalid regex as false and record an error step", async () => {
    const result = await decide([{ if: { var: "age", op: "matches", value: "({{unset}}+)" }, next: "adult" }], "30");
    expect(botTexts(result)).toEqual(["other"]);
    expect(result.steps.find((step) => step.kind === "error")?.data).toMatchObject({
      reason: "invalid_regex",
      code: "INVALID_REGEX",
      pattern: "(+)",
    });
  });
});
