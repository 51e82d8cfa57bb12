import type { SentimentOutcome, SentimentRequest } from "../engine/ports.ts";
import { classifySentimentWithLlm } from "./llm/llm-sentiment.ts";
import type { OfflineNlp } from "./offline/offline-nlp.ts";
import type { PortContext } from "./port-context.ts";
import { sentimentFromRating } from "./rating-sentiment.ts";

/**
 * `classifySentiment`: the rating alone when there is no comment; else the LLM when available,
 * the offline classifier otherwise. The port has no error outcome (feedback must be stored with
 * a sentiment), so an LLM failure falls back to the offline answer.
 */
export function createSentimentPort(context: PortContext, offline: Pick<OfflineNlp, "classifySentiment">) {
  const { llm, metrics, logger, now } = context;

  function answer(outcome: SentimentOutcome, result: string, started: number): SentimentOutcome {
    metrics.observe({
      operation: "sentiment",
      classifier: outcome.classifier,
      outcome: result,
      latencyMs: now() - started,
    });
    return outcome;
  }

  return async function classifySentiment(request: SentimentRequest): Promise<SentimentOutcome> {
    const started = now();
    const comment = request.comment?.trim() ?? "";
    if (comment === "") return answer(sentimentFromRating(request.rating), "ok", started);
    if (llm === undefined || !llm.breaker.tryAcquire())
      return answer(await offline.classifySentiment(request), "ok", started);
    const result = await classifySentimentWithLlm({ rating: request.rating, comment }, llm.target);
    if (result.ok) {
      llm.breaker.recordSuccess();
      return answer({ sentiment: result.sentiment, score: result.score, classifier: llm.classifier }, "ok", started);
    }
    llm.breaker.recordFailure();
    logger.warn({ failure: result.failure.kind }, "LLM sentiment failed; classified offline");
    return answer(await offline.classifySentiment(request), "fallback", started);
  };
}
