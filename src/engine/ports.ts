// The engine's only doors to the outside world. The chat service supplies implementations
// (offline classifiers or an LLM); tests supply deterministic fakes. Each call resolves to an
// outcome value: failures and time-outs are `status: "error"`, never a thrown exception.

export interface IntentCandidate {
  id: string;
  description: string;
  examples: string[];
}

export interface IntentRequest {
  /** The flow version and block, so implementations can cache per-flow work (example embeddings). */
  flowKey: string;
  blockId: string;
  text: string;
  intents: IntentCandidate[];
}

export type IntentOutcome =
  | { status: "ok"; intent: string | null; confidence: number; classifier: string; latencyMs: number }
  | { status: "error"; error: string; classifier: string; latencyMs: number };

export type Sentiment = "positive" | "neutral" | "negative";

export interface SentimentRequest {
  rating: number;
  comment: string | null;
}

export interface SentimentOutcome {
  sentiment: Sentiment;
  /** -1 (most negative) .. 1 (most positive). */
  score: number;
  classifier: string;
}

export interface ReplyRequest {
  sessionId: string;
  blockId: string;
  prompt: string;
}

export type ReplyOutcome =
  | { status: "ok"; text: string; model: string; latencyMs: number }
  | { status: "error"; error: string; latencyMs: number };

export interface EnginePorts {
  classifyIntent(request: IntentRequest): Promise<IntentOutcome>;
  classifySentiment(request: SentimentRequest): Promise<SentimentOutcome>;
  completeReply(request: ReplyRequest): Promise<ReplyOutcome>;
}
