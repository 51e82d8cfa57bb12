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
    const running = executeBlock(block, ctx);
    // Awaited only when the block waits for a port: a turn's other blocks cost no promise.
    const result = running instanceof Promise ? await running : running;
    switch (result.status) {
      case "pause":
        return pauseAt(ctx, result.blockId);
      case "handoff":
        return handOver(ctx, result.blockId, result.queue);
      case "end":
        return endConversation(ctx);
      case "continue":
        nextId = result.next;
        break;
      default:
        // Stryker disable next-line all: unreachable while every block returns a BlockResult
        throw new Error(`block "${block.id}" returned an unknown result: ${JSON.stringify(result satisfies never)}`);
    }
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
