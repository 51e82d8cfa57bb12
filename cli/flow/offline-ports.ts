import type {
  EnginePorts,
  HttpOutcome,
  IntentOutcome,
  IntentRequest,
  SentimentOutcome,
} from "../../src/engine/index.ts";

// Words that say nothing about what a customer wants; counting them would make every
// question look like every example.
const STOPWORDS = new Set(
  "a an the i i'm me my to is it it's of for and or what what's will any some please can you do be give want need".split(
    " ",
  ),
);

function contentWords(text: string): string[] {
  return (text.toLocaleLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).filter((word) => !STOPWORDS.has(word));
}

/**
 * Intent by word overlap: the best share of a description's or an example's content words
 * found in the message. Crude, but deterministic and offline, which is what a flow's
 * conversation tests need: the same file passes or fails the same way on every machine.
 */
export function classifyByWordOverlap(request: IntentRequest): IntentOutcome {
  const words = new Set(contentWords(request.text));
  let best: { intent: string | null; confidence: number } = { intent: null, confidence: 0 };
  for (const intent of request.intents) {
    for (const phrase of [intent.description, ...intent.examples]) {
      const content = contentWords(phrase);
      if (content.length === 0) continue;
      const score = content.filter((word) => words.has(word)).length / content.length;
      if (score > best.confidence) best = { intent: intent.id, confidence: score };
    }
  }
  return { status: "ok", ...best, classifier: "word-overlap", latencyMs: 0 };
}

/** The rating decides: 4–5 positive, 3 neutral, 1–2 negative. */
export function sentimentFromRating(rating: number): SentimentOutcome {
  if (rating >= 4) return { sentiment: "positive", score: 0.8, classifier: "rating" };
  if (rating === 3) return { sentiment: "neutral", score: 0, classifier: "rating" };
  return { sentiment: "negative", score: -0.8, classifier: "rating" };
}

/** No network in flow tests: `runFlowTests` answers http blocks from each test's canned `http` answers. */
export const noHttp = async (): Promise<HttpOutcome> => ({ status: "error", reason: "network", latencyMs: 0 });

/** Ports for `chatflow flow test`: no network, no model, no LLM (`ai` blocks send their fallback). */
export function createOfflinePorts(): EnginePorts {
  return {
    classifyIntent: async (request) => classifyByWordOverlap(request),
    classifySentiment: async (request) => sentimentFromRating(request.rating),
    completeReply: async () => ({ status: "error", error: "no LLM in offline flow tests", latencyMs: 0 }),
    callHttp: noHttp,
  };
}
