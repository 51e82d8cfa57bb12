import { Registry } from "prom-client";
import { createAiMetrics } from "../../src/ai/ai-metrics.ts";
import { createAiPorts, type CreateAiPortsOptions } from "../../src/ai/create-ai-ports.ts";
import { createSentenceEmbedder } from "../../src/ai/offline/embeddings.ts";
import type { FakeOpenAi } from "./fake-openai.ts";
import { HANG_MS } from "./patience.ts";

/** An embedder whose model never loads: offline fallbacks answer from word overlap, instantly. */
export const noEmbeddings = () =>
  createSentenceEmbedder({ loadModel: () => Promise.reject(new Error("no model in this test")) });

/**
 * Time budget of one LLM call in these tests: it only bounds a hang, so a call to the local fake
 * never runs out of it however busy the machine. A test of the time-out sets its own, short.
 */
export const TEST_LLM_BUDGET_MS = HANG_MS / 4;

/** AI ports wired to the fake server, with their own metrics registry to assert on. */
export function portsAgainst(fake: FakeOpenAi, overrides: Partial<CreateAiPortsOptions> = {}) {
  const registry = new Registry();
  const ports = createAiPorts({
    openai: { apiKey: "test-key", baseUrl: fake.baseUrl, model: "test-model", timeoutMs: TEST_LLM_BUDGET_MS },
    history: async () => [],
    embedder: noEmbeddings(),
    metrics: createAiMetrics(registry),
    ...overrides,
  });
  return { ports, registry };
}
