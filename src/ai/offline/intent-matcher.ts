import type { IntentBlockRequest, IntentOutcome, IntentRequest } from "../../engine/ports.ts";
import { BoundedCache } from "../../engine/regex/boundedCache.ts";
import type { SentenceEmbedder } from "./embeddings.ts";
import { decideIntent, type IntentDecision } from "./intent-decision.ts";
import { createPrototypeCache, type BlockPrototypes } from "./intent-prototypes.ts";
import { scoreLine } from "./score-line.ts";

export interface OfflineIntentMatcherOptions {
  embedder: SentenceEmbedder;
  /** Longer lines are cut: the encoder reads little of a long text anyway, and cost grows with length. @default 500 */
  maxInputChars?: number;
  /** Below this probability of the best intent the answer is "none". @default 0.5 */
  noneBelow?: number;
  /** Milliseconds clock for latency. @default performance.now */
  now?: () => number;
  /** Decisions kept for lines seen again at the same block ("yes", "bye", "agent"). @default 5000 */
  rememberedDecisions?: number;
}

export interface OfflineIntentMatcher {
  classify(request: IntentRequest): Promise<IntentOutcome>;
  /** Builds the blocks' prototypes now, one block after another (at most the first 64); never rejects. */
  prepare(blocks: readonly IntentBlockRequest[]): Promise<void>;
}

/**
 * Most blocks of one flow prepared ahead: the prototype cache keeps 256 blocks, and the rest are
 * built when a line first reaches them, as before.
 */
const MAX_PREPARED_BLOCKS = 64;

/**
 * The decisions for recent (block, line) pairs. Scoring a line is deterministic given the block's
 * prototypes, and customers repeat short lines ("yes", "bye", "talk to a human"): a line seen
 * again at a block is answered without being read again. An entry names the prototypes it was
 * decided with by a serial number (not by holding them: a block the prototype cache let go must
 * not stay in memory through its decisions), so a block rebuilt (other intents under the same
 * key, a model that loaded since) decides afresh; lexical-only decisions (the model still
 * loading) are not kept.
 */
function createDecisionMemory(size: number) {
  const entries = new BoundedCache<string, { serial: number; decision: IntentDecision }>(size);
  const serials = new WeakMap<BlockPrototypes, number>();
  let lastSerial = 0;
  const serialOf = (prototypes: BlockPrototypes) => {
    let serial = serials.get(prototypes);
    if (serial === undefined) serials.set(prototypes, (serial = ++lastSerial));
    return serial;
  };
  const keyOf = (request: IntentRequest, text: string) => `${request.flowKey}\u0000${request.blockId}\u0000${text}`;
  return {
    recall(request: IntentRequest, text: string, prototypes: BlockPrototypes): IntentDecision | undefined {
      const entry = entries.get(keyOf(request, text));
      return entry?.serial === serialOf(prototypes) ? entry.decision : undefined;
    },
    keep(request: IntentRequest, text: string, prototypes: BlockPrototypes, decision: IntentDecision): void {
      if (decision.stage === "embeddings")
        entries.set(keyOf(request, text), { serial: serialOf(prototypes), decision });
    },
  };
}

/**
 * Matches a line against a block's intents with sentence embeddings plus typo-tolerant word
 * overlap; answers from word overlap alone while the embedding model is unavailable.
 */
export function createOfflineIntentMatcher(options: OfflineIntentMatcherOptions): OfflineIntentMatcher {
  const maxInputChars = options.maxInputChars ?? 500;
  const now = options.now ?? (() => performance.now());
  const prototypesFor = createPrototypeCache(options.embedder);
  const decisions = createDecisionMemory(options.rememberedDecisions ?? 5000);

  return {
    async prepare(blocks) {
      // One block at a time: a customer's line arriving meanwhile waits for one block's sentences
      // in the embedder's queue, not for the whole flow's.
      for (const block of blocks.slice(0, MAX_PREPARED_BLOCKS)) {
        if (block.intents.length === 0) continue;
        await prototypesFor(block.flowKey, block.blockId, block.intents).catch(() => undefined);
      }
    },
    async classify(request) {
      const started = now();
      const text = request.text.trim().slice(0, maxInputChars);
      if (text === "" || request.intents.length === 0) {
        return { status: "ok", intent: null, confidence: 1, classifier: "offline", latencyMs: now() - started };
      }
      try {
        const prototypes = await prototypesFor(request.flowKey, request.blockId, request.intents);
        let decision = decisions.recall(request, text, prototypes);
        if (decision === undefined) {
          const line = await scoreLine(text, prototypes, options.embedder);
          decision = decideIntent(line, options.noneBelow === undefined ? {} : { noneBelow: options.noneBelow });
          decisions.keep(request, text, prototypes, decision);
        }
        return {
          status: "ok",
          intent: decision.intent,
          confidence: decision.confidence,
          classifier: `offline-${decision.stage}`,
          latencyMs: now() - started,
        };
      } catch (error) {
        // A bug or a broken model file, not an expected outcome: report it as the port's error.
        return { status: "error", error: String(error), classifier: "offline", latencyMs: now() - started };
      }
    },
  };
}
