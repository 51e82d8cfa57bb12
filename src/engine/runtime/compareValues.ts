import type { ConditionOperator } from "../schema/block-schemas.ts";
import type { VarValue } from "../types.ts";

export type Comparison = { status: "ok"; holds: boolean } | { status: "invalid_regex"; error: string };

function asNumber(value: VarValue | undefined): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string" || value.trim() === "") return null;
  const parsed = Number(value.trim());
  return Number.isFinite(parsed) ? parsed : null;
}

/** `/body/flags` lets a flow ask for flags (e.g. `/^bye/i`); any other string is the pattern itself. */
function compileRegExp(source: string): RegExp {
  const literal = /^\/(.*)\/([dgimsuvy]*)$/su.exec(source);
  return literal ? new RegExp(literal[1] ?? "", literal[2]) : new RegExp(source, "u");
}

/**
 * Evaluates `left op right` as docs/FLOW-FORMAT.md (Conditions) says: `eq neq gt gte lt lte` compare numerically when
 * both sides are numbers or numeric strings, otherwise as strings; a missing variable reads as
 * an empty string. `contains` is case-insensitive because flows test customers' free text.
 */
export function compareValues(left: VarValue | undefined, op: ConditionOperator, right: VarValue): Comparison {
  const leftText = left === undefined ? "" : String(left);
  const rightText = String(right);
  if (op === "contains")
    return { status: "ok", holds: leftText.toLocaleLowerCase().includes(rightText.toLocaleLowerCase()) };
  if (op === "matches") {
    try {
      return { status: "ok", holds: compileRegExp(rightText).test(leftText) };
    } catch (error) {
      return { status: "invalid_regex", error: error instanceof Error ? error.message : String(error) };
    }
  }
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
