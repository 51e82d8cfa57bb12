import type { HandoffBlock } from "../schema/block-schemas.ts";
import { recordStep, render, say, type BlockResult, type TurnContext } from "../runtime/turn-context.ts";

/**
 * Hands the conversation to a human: sends the optional text and stops the turn at this block.
 * The chat service puts the session in the queue; the flow resumes with a `release` event.
 */
export function executeHandoffBlock(block: HandoffBlock, ctx: TurnContext): BlockResult {
  if (block.text !== undefined && block.text.trim() !== "") say(ctx, block, render(ctx, block.text));
  const queue = block.queue ?? null;
  recordStep(ctx, block, "handoff", { event: "queued", queue });
  ctx.state.retries = 0;
  return { status: "handoff", blockId: block.id, queue };
}
