import type { AiBlock } from "../schema/block-schemas.ts";
import { recordStep, render, say, type BlockResult, type TurnContext } from "../runtime/turn-context.ts";

/** Replies with an LLM completion; without one, or when it fails, with `fallbackText`. */
export async function executeAiBlock(block: AiBlock, ctx: TurnContext): Promise<BlockResult> {
  const prompt = render(ctx, block.prompt);
  const outcome = await ctx.ports.completeReply({ sessionId: ctx.sessionId, blockId: block.id, prompt });
  const reply = outcome.status === "ok" ? outcome.text.trim() : "";
  if (outcome.status === "ok" && reply !== "") {
    say(ctx, block, reply);
    recordStep(ctx, block, "ai", { status: "ok", model: outcome.model, latencyMs: outcome.latencyMs, fallback: false });
    return { status: "continue", next: block.next };
  }
  const error = outcome.status === "error" ? outcome.error : "empty completion";
  say(ctx, block, render(ctx, block.fallbackText));
  recordStep(ctx, block, "ai", { status: "error", error, latencyMs: outcome.latencyMs, fallback: true });
  recordStep(ctx, block, "error", { reason: "ai_reply_failed", error });
  return { status: "continue", next: block.next };
}
