import type { EndBlock } from "../schema/block-schemas.ts";
import { render, say, type BlockResult, type TurnContext } from "../runtime/turn-context.ts";

export function executeEndBlock(block: EndBlock, ctx: TurnContext): BlockResult {
  if (block.text !== undefined && block.text.trim() !== "") say(ctx, block, render(ctx, block.text));
  return { status: "end" };
}
