import type { ReplyOutcome, ReplyRequest } from "../engine/ports.ts";
import { completeReplyWithLlm, type HistoryMessage, type LlmReplyOptions } from "./llm/llm-reply.ts";
import type { PortContext } from "./port-context.ts";

/** Earlier messages of a session, oldest first. */
export type LoadHistory = (sessionId: string) => Promise<HistoryMessage[]>;

/**
 * `completeReply`: the LLM completes the block's prompt with the conversation so far. Without an
 * LLM, with its circuit open, or when it fails, the outcome is an error and the engine sends
 * the block's `fallbackText`.
 */
export function createReplyPort(context: PortContext, history: LoadHistory, options: LlmReplyOptions = {}) {
  const { llm, metrics, logger, now } = context;

  return async function completeReply(request: ReplyRequest): Promise<ReplyOutcome> {
    const started = now();
    const fail = (error: string, classifier: string, outcome: string): ReplyOutcome => {
      const latencyMs = now() - started;
      metrics.observe({ operation: "reply", classifier, outcome, latencyMs });
      return { status: "error", error, latencyMs };
    };
    if (llm === undefined) return fail("no LLM is configured", "none", "unavailable");
    if (!llm.breaker.tryAcquire()) return fail("the LLM is failing; circuit open", llm.classifier, "circuit_open");
    let messages: HistoryMessage[] = [];
    try {
      messages = await history(request.sessionId);
    } catch (error) {
      // The reply can still follow the prompt alone; a storage fault is logged, not fatal here.
      logger.warn(
        { sessionId: request.sessionId, error: String(error) },
        "conversation history unavailable for an ai block",
      );
    }
    const result = await completeReplyWithLlm(request.prompt, messages, llm.target, options);
    if (!result.ok) {
      llm.breaker.recordFailure();
      logger.warn({ blockId: request.blockId, failure: result.failure.kind }, "LLM reply failed");
      return fail(result.failure.message, llm.classifier, result.failure.kind);
    }
    llm.breaker.recordSuccess();
    const latencyMs = now() - started;
    metrics.observe({ operation: "reply", classifier: llm.classifier, outcome: "ok", latencyMs });
    return { status: "ok", text: result.text, model: llm.target.model, latencyMs };
  };
}
