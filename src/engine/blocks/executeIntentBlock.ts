import type { IntentBlock } from "../schema/block-schemas.ts";
import { intentCandidates } from "../runtime/intentBlocks.ts";
import { recordStep, render, type BlockResult, type TurnContext } from "../runtime/turn-context.ts";

/**
 * Classifies the input among the block's intents through `ports.classifyIntent`. An answer that
 * is not one of the offered ids counts as no match: the classifier (an LLM) may invent one.
 */
export async function executeIntentBlock(block: IntentBlock, ctx: TurnContext): Promise<BlockResult> {
  const threshold = block.threshold ?? ctx.flow.settings.intentThreshold;
  const text = block.input === undefined ? (ctx.state.lastMessage ?? "") : render(ctx, block.input);
  if (text.trim() === "") {
    recordStep(ctx, block, "intent", {
      intent: null,
      confidence: 0,
      classifier: "none",
      latencyMs: 0,
      threshold,
      matched: false,
      reason: "empty_input",
    });
    return { status: "continue", next: block.noMatch };
  }
  const outcome = await ctx.ports.classifyIntent({
    flowKey: ctx.flowKey,
    blockId: block.id,
    text,
    intents: intentCandidates(block),
  });
  const { classifier, latencyMs } = outcome;
  if (outcome.status === "error") {
    recordStep(ctx, block, "intent", {
      intent: null,
      confidence: 0,
      classifier,
      latencyMs,
      threshold,
      matched: false,
      error: outcome.error,
    });
    recordStep(ctx, block, "error", { reason: "intent_classifier_failed", error: outcome.error, classifier });
    return { status: "continue", next: block.onError ?? block.noMatch };
  }
  const chosen = block.intents.find((intent) => intent.id === outcome.intent);
  const matched = chosen !== undefined && outcome.confidence >= threshold;
  recordStep(ctx, block, "intent", {
    intent: outcome.intent,
    confidence: outcome.confidence,
    classifier,
    latencyMs,
    threshold,
    matched,
    ...(outcome.intent !== null && chosen === undefined ? { reason: "unknown_intent" } : {}),
  });
  return { status: "continue", next: matched ? chosen.next : block.noMatch };
}
