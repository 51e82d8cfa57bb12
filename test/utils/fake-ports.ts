import type {
  EnginePorts,
  HttpOutcome,
  HttpRequest,
  IntentOutcome,
  IntentRequest,
  ReplyOutcome,
  SentimentOutcome,
} from "../../src/engine/ports.ts";

const STOPWORDS = new Set(
  "a an the i i'm me my to is it it's of for and or what what's will any some please can you do be me give want need".split(
    " ",
  ),
);

function tokens(text: string): string[] {
  return (text.toLocaleLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).filter((word) => !STOPWORDS.has(word));
}

/**
 * A deterministic stand-in for the embedding classifier: the share of a description's or an
 * example's content words that appear in the message. Good enough to route test sentences
 * that borrow an example's words; not meant to be smart.
 */
export function classifyByKeywords(request: IntentRequest): IntentOutcome {
  const words = new Set(tokens(request.text));
  let best: { intent: string | null; confidence: number } = { intent: null, confidence: 0 };
  for (const intent of request.intents) {
    for (const phrase of [intent.description, ...intent.examples]) {
      const content = tokens(phrase);
      if (content.length === 0) continue;
      const score = content.filter((word) => words.has(word)).length / content.length;
      if (score > best.confidence) best = { intent: intent.id, confidence: score };
    }
  }
  return { status: "ok", ...best, classifier: "keywords", latencyMs: 0 };
}

export function sentimentFromRating(rating: number): SentimentOutcome {
  if (rating >= 4) return { sentiment: "positive", score: 0.8, classifier: "fake-rating" };
  if (rating === 3) return { sentiment: "neutral", score: 0, classifier: "fake-rating" };
  return { sentiment: "negative", score: -0.8, classifier: "fake-rating" };
}

export interface FakePortOptions {
  /** Replaces the keyword classifier, e.g. to simulate an error or an invented intent id. */
  classifyIntent?: (request: IntentRequest) => IntentOutcome;
  /** @default no LLM: every reply fails, so `ai` blocks send their fallback text */
  reply?: (prompt: string) => ReplyOutcome;
  /** @default no network: every call fails with `network` */
  http?: (request: HttpRequest) => HttpOutcome;
}

/** Deterministic ports for engine tests; every call is also logged for assertions. */
export function createFakePorts(
  options: FakePortOptions = {},
): EnginePorts & { calls: { port: string; request: unknown }[] } {
  const calls: { port: string; request: unknown }[] = [];
  return {
    calls,
    async classifyIntent(request) {
      calls.push({ port: "classifyIntent", request });
      return (options.classifyIntent ?? classifyByKeywords)(request);
    },
    async classifySentiment(request) {
      calls.push({ port: "classifySentiment", request });
      return sentimentFromRating(request.rating);
    },
    async completeReply(request) {
      calls.push({ port: "completeReply", request });
      return options.reply?.(request.prompt) ?? { status: "error", error: "no LLM configured", latencyMs: 0 };
    },
    async callHttp(request) {
      calls.push({ port: "callHttp", request });
      return options.http?.(request) ?? { status: "error", reason: "network", latencyMs: 0 };
    },
  };
}
