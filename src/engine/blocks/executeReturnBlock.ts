import type { ReturnBlock } from "../schema/block-schemas.ts";
import { recordStep, type BlockResult, type TurnContext } from "../runtime/turn-context.ts";

/**
 * Goes back to where the latest `resume: true` trigger interrupted the conversation. A wait block
 * is waited at again silently, with its retry count as it was; with nothing to return to, the
 * conversation ends.
 */
export function executeReturnBlock(block: ReturnBlock, ctx: TurnContext): BlockResult {
  const point = ctx.state.returnStack.pop();
  const stack = ctx.state.returnStack;
  // Triggers whose sub-flow is now over may fire again (including non-resuming ones).
  ctx.state.activeTriggers = ctx.state.activeTriggers.filter((id) => stack.some((p) => p.triggerId === id));
  if (point === undefined) {
    recordStep(ctx, block, "return", { to: null });
    return { status: "end" };
  }
  recordStep(ctx, block, "return", { to: point.blockId, triggerId: point.triggerId, mode: point.mode });
  if (point.mode === "enter") return { status: "continue", next: point.blockId };
  ctx.state.retries = point.retries;
  return { status: "pause", blockId: point.blockId };
}
