import type { ConditionBlock } from "../schema/block-schemas.ts";
import { escapeRegExp } from "../regex/escapeRegExp.ts";
import { readFlowPattern } from "../regex/flow-pattern.ts";
import { testFlowPattern } from "../regex/testFlowPattern.ts";
import { compareValues, type Comparison } from "../runtime/compareValues.ts";
import { readVariable, renderTemplate, textOf, type TemplateScope } from "../runtime/renderTemplate.ts";
import { recordStep, type BlockResult, type TurnContext } from "../runtime/turn-context.ts";

type Test = ConditionBlock["branches"][number]["if"];

/**
 * A `matches` pattern's variables are filled in as literal text: a customer's words can never
 * become pattern syntax, so the pattern checked at upload is the pattern that runs.
 */
function runTest({ var: name, op, value }: Test, scope: TemplateScope): Comparison & { pattern?: string } {
  const left = readVariable(name, scope);
  if (typeof value !== "string") return compareValues(left, op, value);
  if (op !== "matches") return compareValues(left, op, renderTemplate(value, scope));
  const written = readFlowPattern(value);
  const pattern = { ...written, body: renderTemplate(written.body, scope, escapeRegExp) };
  const text = textOf(left);
  const shown = pattern.literal ? `/${pattern.body}/${pattern.flags}` : pattern.body;
  return { ...testFlowPattern(pattern, text), pattern: shown };
}

/**
 * Takes the first branch whose test holds, else `else`. A pattern that cannot run, or whose
 * match would cost more than `REGEX_MAX_WORK`, counts as false and leaves an error step.
 */
export function executeConditionBlock(block: ConditionBlock, ctx: TurnContext): BlockResult {
  const scope = { vars: ctx.state.vars, customer: ctx.customer };
  for (const [index, branch] of block.branches.entries()) {
    const comparison = runTest(branch.if, scope);
    if (comparison.status === "invalid_regex") {
      const { code, error, pattern } = comparison;
      recordStep(ctx, block, "error", { reason: "invalid_regex", branch: index, pattern, code, error });
      continue;
    }
    if (comparison.status === "regex_cut_off") {
      const { work, pattern } = comparison;
      recordStep(ctx, block, "error", { reason: "regex_cut_off", branch: index, pattern, work });
      continue;
    }
    if (comparison.holds) {
      recordStep(ctx, block, "condition", { branch: index, next: branch.next });
      return { status: "continue", next: branch.next };
    }
  }
  recordStep(ctx, block, "condition", { branch: "else", next: block.else ?? null });
  return { status: "continue", next: block.else };
}
