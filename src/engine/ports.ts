// The engine's only doors to the outside world. The chat service supplies implementations
// (offline classifiers or an LLM); tests supply deterministic fakes. Each call resolves to an
// outcome value: failures and time-outs are `status: "error"`, never a thrown exception.

import type { JsonValue } from "./types.ts";

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

/** An `intent` block as a classifier sees it, without a line: what it can prepare ahead (`intentBlocksOf`). */
export type IntentBlockRequest = Omit<IntentRequest, "text">;

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

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A reference to `FLOW_SECRET_<name>`, which only the port reads. */
export interface SecretRef {
  readonly secret: string;
}

/**
 * Rendered text: literal pieces and secret references, kept apart so that no variable's value
 * (a customer's words) can ever turn into a secret reference. The engine never sees a secret.
 */
export type SecretText = readonly (string | SecretRef)[];

/** An `http` block's JSON body after rendering: every string is `SecretText`. */
export type RenderedJson =
  | { readonly kind: "text"; readonly text: SecretText }
  | { readonly kind: "literal"; readonly value: number | boolean | null }
  | { readonly kind: "array"; readonly items: readonly RenderedJson[] }
  | { readonly kind: "object"; readonly fields: readonly (readonly [string, RenderedJson])[] };

export interface HttpRequest {
  blockId: string;
  method: HttpMethod;
  /**
   * The whole URL. Values templated into it are already percent-encoded; a secret in it must be
   * percent-encoded by the port the same way (as one component).
   */
  url: SecretText;
  headers: Readonly<Record<string, SecretText>>;
  /** Only for POST, PUT and PATCH. */
  body?: RenderedJson;
  timeoutMs: number;
}

/**
 * Why a call failed. `status`: a non-2xx answer; `not_json`: the body is not JSON;
 * `too_large`: the answer passed the size cap; `redirect`: a 3xx (never followed);
 * `host_not_allowed`: the host is not (or no longer) allowed, or resolved to a private address
 * after resolving to public ones; `network`: no connection or a broken one; `missing_secret`:
 * a `{{secret.NAME}}` whose variable is not set; `invalid_request`: a header value or URL that
 * cannot be sent.
 */
export type HttpErrorReason =
  | "timeout"
  | "status"
  | "not_json"
  | "too_large"
  | "redirect"
  | "host_not_allowed"
  | "network"
  | "missing_secret"
  | "invalid_request";

/**
 * `json` never holds a secret's value: the port redacts one the answer echoes. `httpStatus` is
 * set whenever an answer arrived.
 */
export type HttpOutcome =
  | { status: "ok"; httpStatus: number; json: JsonValue; latencyMs: number }
  | { status: "error"; reason: HttpErrorReason; httpStatus?: number; latencyMs: number };

export interface EnginePorts {
  classifyIntent(request: IntentRequest): Promise<IntentOutcome>;
  classifySentiment(request: SentimentRequest): Promise<SentimentOutcome>;
  completeReply(request: ReplyRequest): Promise<ReplyOutcome>;
  /** Calls the business's API for an `http` block; fills in secrets just before sending. */
  callHttp(request: HttpRequest): Promise<HttpOutcome>;
}
