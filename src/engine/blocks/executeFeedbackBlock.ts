import type { FeedbackBlock } from "../schema/block-schemas.ts";
import { recordStep, render, type BlockResult, type TurnContext } from "../runtime/turn-context.ts";

const RATING = /^[1-5]$/;

/**
 * Records a rating (a whole number 1–5 after templating) and optional comment with its sentiment.
 * A bad rating is the flow author's mistake, not the customer's: it is logged as an error step
 * and the conversation carries on rather than stalling.
 */
export async function executeFeedbackBlock(block: FeedbackBlock, ctx: TurnContext): Promise<BlockResult> {
  const ratingText = typeof block.rating === "number" ? String(block.rating) : render(ctx, block.rating).trim();
  if (!RATING.test(ratingText)) {
    recordStep(ctx, block, "error", { reason: "invalid_rating", rating: ratingText });
    return { status: "continue", next: block.next };
  }
  const rating = Number(ratingText);
  const commentText = block.comment === undefined ? "" : render(ctx, block.comment).trim();
  const comment = commentText === "" ? null : commentText;
  const { sentiment, score, classifier } = await ctx.ports.classifySentiment({ rating, comment });
  ctx.feedback.push({ blockId: block.id, rating, comment, sentiment, score, classifier });
  recordStep(ctx, block, "feedback", { rating, comment, sentiment, score, classifier });
  return { status: "continue", next: block.next };
}
