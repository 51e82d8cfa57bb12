import type {
  IntentBlockRequest,
  IntentOutcome,
  IntentRequest,
  SentimentOutcome,
  SentimentRequest,
} from "../../engine/ports.ts";
import { sentimentFromRating } from "../rating-sentiment.ts";
import type { SentenceEmbedder } from "./embeddings.ts";
import type { LineGroup, TalliedLine } from "./group-similar-lines.ts";

/** The offline classifiers: intents by sentence embeddings and words, sentiment by wink's lexicon. */
export interface OfflineNlp {
  classifyIntent(request: IntentRequest): Promise<IntentOutcome>;
  /**
   * Builds the blocks' prototypes (their intents' sentences embedded) ahead of the first line
   * that reaches them, one block after another; never rejects.
   */
  prepareIntents(blocks: readonly IntentBlockRequest[]): Promise<void>;
  classifySentiment(request: SentimentRequest): Promise<SentimentOutcome>;
  /**
   * Groups lines (from `tallyLines`) by the similarity of their sentence embeddings, biggest
   * first; `undefined` when the embedding model is unavailable (the caller falls back to text).
   */
  groupLines(lines: TalliedLine[]): Promise<LineGroup[] | undefined>;
  /** Loads the models now rather than on the first message; `true` when embeddings are available. */
  warmUp(): Promise<boolean>;
  close(): Promise<void>;
}

/** What the main thread asks the offline NLP worker (nlp-worker.ts). */
export type NlpRequest =
  | { op: "warmUp" }
  | { op: "intent"; request: IntentRequest }
  | { op: "prepareIntents"; blocks: readonly IntentBlockRequest[] }
  | { op: "sentiment"; request: SentimentRequest }
  | { op: "groupLines"; lines: TalliedLine[] };

export interface NlpReplies {
  warmUp: boolean;
  intent: IntentOutcome;
  prepareIntents: void;
  sentiment: SentimentOutcome;
  groupLines: LineGroup[] | undefined;
}

/**
 * What crosses to the worker: a request (with the numbers of the intent lists it carries, see
 * intent-refs.ts), or an intent request naming its intents by a number the worker was sent.
 * Both sides post arrays of these (post-batches.ts), in the order they were sent.
 */
export type NlpMessage =
  | { id: number; request: NlpRequest; refs?: readonly number[] }
  | { id: number; byRef: { ref: number; flowKey: string; blockId: string; text: string } };
/** The worker's answer; `unknownRef` when it no longer knows a request's intents (they are sent again). */
export type NlpAnswer =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string }
  | { id: number; unknownRef: true };
/** What the worker reports unasked: the embedding model failed, say. */
export type NlpNotice = { warning: string };

/** Answers one request of the worker protocol (in the worker, or on the main thread once it is gone). */
export function runNlpRequest(nlp: OfflineNlp, request: NlpRequest): Promise<unknown> {
  switch (request.op) {
    case "warmUp":
      return nlp.warmUp();
    case "intent":
      return nlp.classifyIntent(request.request);
    case "prepareIntents":
      return nlp.prepareIntents(request.blocks);
    case "sentiment":
      return nlp.classifySentiment(request.request);
    case "groupLines":
      return nlp.groupLines(request.lines);
  }
}

/** What a request gets once the classifiers are closed (the server is stopping): nothing is loaded for it. */
export function closedAnswer(request: NlpRequest): unknown {
  switch (request.op) {
    case "warmUp":
      return false;
    case "intent":
      return { status: "error", error: "the offline classifiers are closed", classifier: "offline", latencyMs: 0 };
    case "prepareIntents":
      return undefined;
    case "sentiment":
      return sentimentFromRating(request.request.rating);
    case "groupLines":
      return undefined;
  }
}

/**
 * The classifiers on this thread, their modules (wink's English model among them) loaded on
 * first use: a server whose classifiers run in the worker never loads them here.
 */
export function deferredInThreadNlp(embedder: SentenceEmbedder, now?: () => number): OfflineNlp {
  let loaded: Promise<OfflineNlp> | undefined;
  const nlp = () => (loaded ??= import("./in-thread-nlp.ts").then((m) => m.createInThreadNlp(embedder, now)));
  return {
    classifyIntent: async (request) => (await nlp()).classifyIntent(request),
    prepareIntents: async (blocks) => (await nlp()).prepareIntents(blocks),
    classifySentiment: async (request) => (await nlp()).classifySentiment(request),
    groupLines: async (lines) => (await nlp()).groupLines(lines),
    warmUp: async () => (await nlp()).warmUp(),
    close: async () => {},
  };
}
