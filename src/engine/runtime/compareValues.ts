import { readFlowPattern } from "../regex/flow-pattern.ts";
import { testFlowPattern, type PatternTest } from "../regex/testFlowPattern.ts";
import type { ConditionOperator } from "../schema/block-schemas.ts";
import type { VarValue } from "../types.ts";
import { textOf } from "./renderTemplate.ts";

export type Comparison = PatternTest;

function asNumber(value: VarValue | undefined): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string" || value.trim() === "") return null;
  const parsed = Number(value.trim());
  return Number.isFinite(parsed) ? parsed : null;
}

/**
 * Evaluates `left op right` as docs/FLOW-FORMAT.md (Conditions) says: `eq neq gt gte lt lte` compare numerically when
 * both sides are numbers or numeric strings, otherwise as strings; a missing variable reads as
 * an empty string. `contains` is case-insensitive because flows test customers' free text.
 * `matches` runs on RE2, in time linear in the text (see `testFlowPattern`).
 */
export function compareValues(left: VarValue | undefined, op: ConditionOperator, right: VarValue): Comparison {
  const leftText = textOf(left);
  const rightText = textOf(right);
  if (op === "contains")
    return { status: "ok", holds: leftText.toLocaleLowerCase().includes(rightText.toLocaleLowerCase()) };
  if (op === "matches") return testFlowPattern(readFlowPattern(rightText), leftText);
  const leftNumber = asNumber(left);
  const rightNumber = asNumber(right);
  const order =
    leftNumber !== null && rightNumber !== null
      ? Math.sign(leftNumber - rightNumber)
      : leftText < rightText
        ? -1
        : leftText > rightText
          ? 1
          : 0;
  switch (op) {
    case "eq":
      return { status: "ok", holds: order === 0 };
    case "neq":
      return { status: "ok", holds: order !== 0 };
    case "gt":
      return { status: "ok", holds: order > 0 };
    case "gte":
      return { status: "ok", holds: order >= 0 };
    case "lt":
      return { status: "ok", holds: order < 0 };
    case "lte":
      return { status: "ok", holds: order <= 0 };
  }
}
