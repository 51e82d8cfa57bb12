import type { IntentOutcome, IntentRequest } from "../engine/ports.ts";
import { classifyIntentWithLlm } from "./llm/llm-intent.ts";
import type { OfflineNlp } from "./offline/offline-nlp.ts";
import type { PortContext } from "./port-context.ts";

/**
 * `classifyIntent`: the LLM when one is configured and its circuit is closed, the offline
 * matcher otherwise. A failed LLM call is an error outcome (the flow goes to `onError`); an
 * answer that is not JSON or names no offered intent is "no match".
 */
export function createIntentPort(context: PortContext, offline: Pick<OfflineNlp, "classifyIntent">) {
  const { llm, metrics, logger, now } = context;

  async function classifyOffline(request: IntentRequest): Promise<IntentOutcome> {
    const outcome = await offline.classifyIntent(request);
    const result = outcome.status === "error" ? "error" : outcome.intent === null ? "none" : "ok";
    metrics.observe({
      operation: "intent",
      classifier: outcome.classifier,
      outcome: result,
      latencyMs: outcome.latencyMs,
    });
    return outcome;
  }

  return async function classifyIntent(request: IntentRequest): Promise<IntentOutcome> {
    if (llm === undefined || request.intents.length === 0) return classifyOffline(request);
    if (!llm.breaker.tryAcquire()) return classifyOffline(request);
    const started = now();
    const result = await classifyIntentWithLlm(request, llm.target);
    const latencyMs = now() - started;
    const classifier = llm.classifier;
    if (!result.ok) {
      llm.breaker.recordFailure();
      logger.warn({ blockId: request.blockId, failure: result.failure.kind, latencyMs }, "LLM intent detection failed");
      metrics.observe({ operation: "intent", classifier, outcome: result.failure.kind, latencyMs });
      return { status: "error", error: result.failure.message, classifier, latencyMs };
    }
    // A server that keeps answering off-schema is as useless as a down one: let the breaker see it.
    if (result.valid) llm.breaker.recordSuccess();
    else llm.breaker.recordFailure();
    const outcome = !result.valid ? "invalid_answer" : result.intent === null ? "none" : "ok";
    metrics.observe({ operation: "intent", classifier, outcome, latencyMs });
    return { status: "ok", intent: result.intent, confidence: result.confidence, classifier, latencyMs };
  };
}
