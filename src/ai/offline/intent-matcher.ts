import type { IntentOutcome, IntentRequest } from "../../engine/ports.ts";
import type { SentenceEmbedder } from "./embeddings.ts";
import { decideIntent } from "./intent-decision.ts";
import { createPrototypeCache } from "./intent-prototypes.ts";
import { scoreLine } from "./score-line.ts";

export interface OfflineIntentMatcherOptions {
  embedder: SentenceEmbedder;
  /** Longer lines are cut: the encoder reads little of a long text anyway, and cost grows with length. @default 500 */
  maxInputChars?: number;
  /** Below this probability of the best intent the answer is "none". @default 0.5 */
  noneBelow?: number;
  /** Milliseconds clock for latency. @default performance.now */
  now?: () => number;
}

export interface OfflineIntentMatcher {
  classify(request: IntentRequest): Promise<IntentOutcome>;
}

/**
 * Matches a line against a block's intents with sentence embeddings plus typo-tolerant word
 * overlap; answers from word overlap alone while the embedding model is unavailable.
 */
export function createOfflineIntentMatcher(options: OfflineIntentMatcherOptions): OfflineIntentMatcher {
  const maxInputChars = options.maxInputChars ?? 500;
  const now = options.now ?? (() => performance.now());
  const prototypesFor = createPrototypeCache(options.embedder);

  return {
    async classify(request) {
      const started = now();
      const text = request.text.trim().slice(0, maxInputChars);
      if (text === "" || request.intents.length === 0) {
        return { status: "ok", intent: null, confidence: 1, classifier: "offline", latencyMs: now() - started };
      }
      try {
        const prototypes = await prototypesFor(request.flowKey, request.blockId, request.intents);
        const line = await scoreLine(text, prototypes, options.embedder);
        const decision = decideIntent(line, options.noneBelow === undefined ? {} : { noneBelow: options.noneBelow });
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
