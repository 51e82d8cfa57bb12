import type { AiMetrics } from "./ai-metrics.ts";
import type { CircuitBreaker } from "./circuit-breaker.ts";
import type { CompletionTarget } from "./llm/chat-completion.ts";

/** The slice of a pino logger the AI ports use. */
export interface AiLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export const silentLogger: AiLogger = { info: () => {}, warn: () => {} };

/** The LLM as the ports use it: where to call, and the breaker guarding the calls. */
export interface LlmAccess {
  target: CompletionTarget;
  breaker: CircuitBreaker;
  /** The classifier name recorded with its answers: "openai:<model>". */
  classifier: string;
}

/** What every port needs besides its own classifier. */
export interface PortContext {
  /** `undefined` when no LLM is configured: the offline classifiers answer. */
  llm: LlmAccess | undefined;
  metrics: AiMetrics;
  logger: AiLogger;
  /** Milliseconds clock for latencies. */
  now: () => number;
}
