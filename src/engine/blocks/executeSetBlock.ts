import type { SetBlock } from "../schema/block-schemas.ts";
import { recordStep, render, type BlockResult, type TurnContext } from "../runtime/turn-context.ts";

export function executeSetBlock(block: SetBlock, ctx: TurnContext): BlockResult {
  const value = typeof block.value === "string" ? render(ctx, block.value) : block.value;
  ctx.state.vars[block.var] = value;
  recordStep(ctx, block, "set", { var: block.var, value });
  return { status: "continue", next: block.next };
}
