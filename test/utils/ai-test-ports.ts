import { Registry } from "prom-client";
import { createAiMetrics } from "../../src/ai/ai-metrics.ts";
import { createAiPorts, type CreateAiPortsOptions } from "../../src/ai/create-ai-ports.ts";
import { createSentenceEmbedder } from "../../src/ai/offline/embeddings.ts";
import type { FakeOpenAi } from "./fake-openai.ts";

/** An embedder whose model never loads: offline fallbacks answer from word overlap, instantly. */
export const noEmbeddings = () =>
  createSentenceEmbedder({ loadModel: () => Promise.reject(new Error("no model in this test")) });

/** AI ports wired to the fake server, with their own metrics registry to assert on. */
export function portsAgainst(fake: FakeOpenAi, overrides: Partial<CreateAiPortsOptions> = {}) {
  const registry = new Registry();
  const ports = createAiPorts({
    openai: { apiKey: "test-key", baseUrl: fake.baseUrl, model: "test-model", timeoutMs: 2000 },
    history: async () => [],
    embedder: noEmbeddings(),
    metrics: createAiMetrics(registry),
    ...overrides,
  });
  return { ports, registry };
}
