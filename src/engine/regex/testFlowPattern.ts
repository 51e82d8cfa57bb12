import { compileFlowPattern, type PatternProblemCode } from "./compileFlowPattern.ts";
import { REGEX_MAX_WORK, type FlowPattern } from "./flow-pattern.ts";

export type PatternTest =
  | { status: "ok"; holds: boolean }
  | { status: "invalid_regex"; code: PatternProblemCode; error: string }
  | { status: "regex_cut_off"; work: number };

/**
 * Whether `text` holds a match of the pattern anywhere (like `RegExp.prototype.test`). RE2
 * never backtracks, so the time is linear in the text; a match whose worst case would still be
 * long (program size × text length over `REGEX_MAX_WORK`) is not run and counts as no match.
 */
export function testFlowPattern(pattern: FlowPattern, text: string): PatternTest {
  const compiled = compileFlowPattern(pattern);
  if (!compiled.ok) return { status: "invalid_regex", code: compiled.code, error: compiled.message };
  const work = compiled.size * text.length;
  if (work > REGEX_MAX_WORK) return { status: "regex_cut_off", work };
  return { status: "ok", holds: compiled.regex.test(text) };
}
