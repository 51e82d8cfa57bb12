import type { WaitBlock } from "../schema/block-schemas.ts";
import type { BlockResult, TurnContext } from "../runtime/turn-context.ts";

/** Entering a wait block pauses the turn; the reply is handled by `answerWaitBlock` next turn. */
export function executeWaitBlock(block: WaitBlock, ctx: TurnContext): BlockResult {
  ctx.state.retries = 0;
  return { status: "pause", blockId: block.id };
}
