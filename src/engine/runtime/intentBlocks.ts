import type { IntentBlockRequest, IntentCandidate } from "../ports.ts";
import type { IntentBlock } from "../schema/block-schemas.ts";
import type { RunnableFlow } from "./turn-context.ts";

/** What `IntentRequest.flowKey` holds for a flow: its name and version, the key of per-flow caches. */
export function flowKeyOf(flow: RunnableFlow): string {
  return `${flow.name}@${flow.version ?? "unversioned"}`;
}

const candidatesCache = new WeakMap<IntentBlock, IntentCandidate[]>();

/**
 * A block's intents as the classifier is asked about them: one array per block object, the
 * same at every turn and in {@link intentBlocksOf}, so a classifier in another thread can be
 * sent them once and referred to them after (worker-nlp.ts). Frozen: callers share it.
 */
export function intentCandidates(block: IntentBlock): IntentCandidate[] {
  let candidates = candidatesCache.get(block);
  if (candidates === undefined) {
    candidates = Object.freeze(
      block.intents.map(({ id, description, examples }) =>
        Object.freeze({ id, description, examples: Object.freeze([...(examples ?? [])]) as string[] }),
      ),
    ) as IntentCandidate[];
    candidatesCache.set(block, candidates);
  }
  return candidates;
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
