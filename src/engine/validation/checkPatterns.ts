import { compileFlowPattern } from "../regex/compileFlowPattern.ts";
import { readFlowPattern } from "../regex/flow-pattern.ts";
import { replacePlaceholders } from "../runtime/renderTemplate.ts";
import { toJsonPointer, type FlowProblem } from "./flow-problem.ts";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Compiles every `matches` pattern of a parsed document as the engine will run it (RE2, linear
 * time), so syntax RE2 lacks (backreferences, lookarounds) and oversized patterns are refused
 * at upload rather than failing a customer's turn. Placeholders stand in as one letter: their
 * values are inserted as literal text when the flow runs. Reads the raw document, so these
 * problems are reported alongside schema problems.
 */
export function checkPatterns(input: unknown): FlowProblem[] {
  if (!isObject(input)) return [];
  const problems: FlowProblem[] = [];
  for (const [blockIndex, block] of asArray(input["blocks"]).entries()) {
    if (!isObject(block) || block["type"] !== "condition") continue;
    for (const [branchIndex, branch] of asArray(block["branches"]).entries()) {
      const test = isObject(branch) ? branch["if"] : undefined;
      if (!isObject(test) || test["op"] !== "matches" || typeof test["value"] !== "string") continue;
      const written = readFlowPattern(test["value"]);
      const compiled = compileFlowPattern({ ...written, body: replacePlaceholders(written.body, "x") });
      if (compiled.ok) continue;
      const path = toJsonPointer(["blocks", blockIndex, "branches", branchIndex, "if", "value"]);
      problems.push({ path, code: compiled.code, message: compiled.message });
    }
  }
  return problems;
}
