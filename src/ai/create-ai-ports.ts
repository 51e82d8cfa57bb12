// PLACEHOLDER until the issue-5-ai branch lands (it replaces this file): never merged to main.
import type { EnginePorts } from "../engine/index.ts";
export function createAiPorts(_options: {
  openai: unknown;
  history: (sessionId: string) => Promise<unknown>;
  logger: unknown;
  metrics: unknown;
}): EnginePorts & { warmUp(): Promise<void>; close(): Promise<void> } {
  return {
    classifyIntent: async () => ({ status: "error", error: "no classifier", classifier: "none", latencyMs: 0 }),
    classifySentiment: async ({ rating }) => ({
      sentiment: rating >= 4 ? "positive" : rating === 3 ? "neutral" : "negative",
      score: 0,
      classifier: "rating",
    }),
    completeReply: async () => ({ status: "error", error: "no llm", latencyMs: 0 }),
    warmUp: async () => {},
    close: async () => {},
  };
}
