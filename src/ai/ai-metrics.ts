import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/** One answer of an AI port, as metrics see it. */
export interface AiObservation {
  operation: "intent" | "sentiment" | "reply";
  /** Which classifier or model answered ("openai:gpt-4o-mini", "offline-embeddings", "rating"). */
  classifier: string;
  /** "ok", "none", "invalid_answer", "fallback", or a failure kind ("timeout", "rate_limited"…). */
  outcome: string;
  latencyMs: number;
}

export interface AiMetrics {
  observe(observation: AiObservation): void;
  circuitChanged(open: boolean): void;
  /** The offline classifiers finished loading (`true`) or were unloaded while idle. */
  offlineModelsLoaded(loaded: boolean): void;
}

/** Metrics that record nothing, for when no registry is wired. */
export const noAiMetrics: AiMetrics = { observe: () => {}, circuitChanged: () => {}, offlineModelsLoaded: () => {} };

/**
 * Registers the AI metrics in `registry` (the composition root's, served at /metrics). Labels stay
 * low-cardinality: no intent ids, customers or texts.
 */
export function createAiMetrics(registry: Registry, prefix = "chatflow_"): AiMetrics {
  const labelNames = ["operation", "classifier", "outcome"] as const;
  const duration = new Histogram({
    name: `${prefix}ai_duration_seconds`,
    help: "Time an AI port took to answer (classification or reply), by classifier and outcome.",
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16],
    registers: [registry],
  });
  const answers = new Counter({
    name: `${prefix}ai_requests_total`,
    help: "AI port answers, by operation, classifier and outcome.",
    labelNames,
    registers: [registry],
  });
  const circuit = new Gauge({
    name: `${prefix}ai_llm_circuit_open`,
    help: "1 while the LLM circuit breaker is open and the offline classifiers answer instead.",
    registers: [registry],
  });
  circuit.set(0);
  const offlineLoaded = new Gauge({
    name: `${prefix}ai_offline_models_loaded`,
    help: "1 while the offline classifiers are loaded (from the first conversation until unloaded while idle).",
    registers: [registry],
  });
  offlineLoaded.set(0);
  return {
    observe({ operation, classifier, outcome, latencyMs }) {
      const labels = { operation, classifier, outcome };
      duration.observe(labels, latencyMs / 1000);
      answers.inc(labels);
    },
    circuitChanged: (open) => circuit.set(open ? 1 : 0),
    offlineModelsLoaded: (loaded) => offlineLoaded.set(loaded ? 1 : 0),
  };
}
