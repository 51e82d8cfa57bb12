import type { MessageBlock } from "../schema/block-schemas.ts";
import { render, say, type BlockResult, type TurnContext } from "../runtime/turn-context.ts";

export function executeMessageBlock(block: MessageBlock, ctx: TurnContext): BlockResult {
  say(ctx, block, render(ctx, block.text));
  return { status: "continue", next: block.next };
}
