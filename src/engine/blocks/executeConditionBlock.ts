import type { ConditionBlock } from "../schema/block-schemas.ts";
import { compareValues } from "../runtime/compareValues.ts";
import { readVariable } from "../runtime/renderTemplate.ts";
import { recordStep, render, type BlockResult, type TurnContext } from "../runtime/turn-context.ts";

/** Takes the first branch whose test holds, else `else`. A broken regex counts as false. */
export function executeConditionBlock(block: ConditionBlock, ctx: TurnContext): BlockResult {
  const scope = { vars: ctx.state.vars, customer: ctx.customer };
  for (const [index, branch] of block.branches.entries()) {
    const { var: name, op, value } = branch.if;
    const right = typeof value === "string" ? render(ctx, value) : value;
    const comparison = compareValues(readVariable(name, scope), op, right);
    if (comparison.status === "invalid_regex") {
      recordStep(ctx, block, "error", {
        reason: "invalid_regex",
        branch: index,
        pattern: right,
        error: comparison.error,
      });
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
