import type { IntentBlockRequest, IntentCandidate } from "../ports.ts";
import type { IntentBlock } from "../schema/block-schemas.ts";
import type { RunnableFlow } from "./turn-context.ts";

/** What `IntentRequest.flowKey` holds for a flow: its name and version, the key of per-flow caches. */
export function flowKeyOf(flow: RunnableFlow): string {
  return `${flow.name}@${flow.version ?? "unversioned"}`;
}

/** A block's intents as the classifier is asked about them. */
export function intentCandidates(block: IntentBlock): IntentCandidate[] {
  return block.intents.map(({ id, description, examples }) => ({ id, description, examples: examples ?? [] }));
}

const intentBlocksCache = new WeakMap<RunnableFlow, readonly IntentBlockRequest[]>();

/**
 * Every `intent` block of the flow as `classifyIntent` will be asked about it (same `flowKey`,
 * `blockId` and intents), in the flow's order, so a classifier can prepare each before a
 * customer's line reaches it. Computed once per flow object.
 */
export function intentBlocksOf(flow: RunnableFlow): readonly IntentBlockRequest[] {
  let blocks = intentBlocksCache.get(flow);
  if (blocks === undefined) {
    const flowKey = flowKeyOf(flow);
    blocks = flow.blocks.flatMap((block) =>
      block.type === "intent" ? [{ flowKey, blockId: block.id, intents: intentCandidates(block) }] : [],
    );
    intentBlocksCache.set(flow, blocks);
  }
  return blocks;
}
