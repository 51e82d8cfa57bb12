import type { Block } from "../schema/block-schemas.ts";
import type { TurnOutcome } from "../types.ts";
import { executeBlock } from "../blocks/executeBlock.ts";
import { endConversation, getBlock, handOver, pauseAt, recordStep, say, type TurnContext } from "./turn-context.ts";

/** Sent when a turn runs out of steps; the conversation continues with the next message. */
export const RUNAWAY_TEXT = "Sorry, that took me longer than it should have. Send me any message and I'll carry on.";

/**
 * Runs blocks from `blockId` until one pauses, the conversation ends, or the turn has entered
 * `settings.maxStepsPerTurn` blocks. `undefined` (a block without `next`) ends the conversation.
 */
export async function walkFlow(ctx: TurnContext, blockId: string | undefined): Promise<TurnOutcome> {
  let nextId = blockId;
  while (nextId !== undefined) {
    const block = getBlock(ctx, nextId);
    if (ctx.entered >= ctx.flow.settings.maxStepsPerTurn) return haltRunaway(ctx, block);
    ctx.entered += 1;
    recordStep(ctx, block, "entered");
    const result = await executeBlock(block, ctx);
    if (result.status === "pause") return pauseAt(ctx, result.blockId);
    if (result.status === "handoff") return handOver(ctx, result.blockId, result.queue);
    if (result.status === "end") return endConversation(ctx);
    nextId = result.next;
  }
  return endConversation(ctx);
}

/**
 * Stops a turn that would run forever (e.g. an intent that keeps routing to itself). The session
 * is kept, `halted` just before `block`, so the next customer message picks up from there.
 */
function haltRunaway(ctx: TurnContext, block: Block): TurnOutcome {
  recordStep(ctx, block, "error", { reason: "runaway", maxStepsPerTurn: ctx.flow.settings.maxStepsPerTurn });
  say(ctx, block, RUNAWAY_TEXT);
  ctx.state.position = { blockId: block.id, status: "halted" };
  return { type: "waiting", blockId: block.id };
}
