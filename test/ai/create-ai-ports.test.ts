import { Registry } from "prom-client";
import { afterAll, describe, expect, it } from "vitest";
import { createAiMetrics } from "../../src/ai/ai-metrics.ts";
import { createAiPorts } from "../../src/ai/create-ai-ports.ts";
import { toUnitVector, type SentenceEmbedder } from "../../src/ai/offline/embeddings.ts";

const registry = new Registry();
const logged: string[] = [];
const ports = createAiPorts({
  history: async () => [],
  metrics: createAiMetrics(registry),
  logger: { info: (_d, message) => logged.push(message), warn: (_d, message) => logged.push(message) },
});
afterAll(() => ports.close());

const intents = [
  { id: "weather", description: "Give me the weather", examples: ["will it rain tomorrow?"] },
  { id: "travel", description: "Give me travel offers", examples: ["cheap flights to Rome"] },
];

describe("AI ports without an LLM", () => {
  it("should load the offline models on warm-up and say so", async () => {
    await ports.warmUp();
    expect(logged).toContain("offline AI models loaded");
  });

  it("should detect intents offline by meaning", async () => {
    const outcome = await ports.classifyIntent({
      flowKey: "v1",
      blockId: "route",
      text: "is it going to be sunny?",
      intents,
    });
    expect(outcome).toMatchObject({ status: "ok", intent: "weather", classifier: "offline-embeddings" });
  });

  it("should classify sentiment offline and reply with an error outcome", async () => {
    expect(await ports.classifySentiment({ rating: 2, comment: "not helpful at all" })).toMatchObject({
      sentiment: "negative",
    });
    expect(await ports.completeReply({ sessionId: "s", blockId: "ai", prompt: "p" })).toMatchObject({
      status: "error",
    });
  });

  it("should record every answer in the registry it was given", async () => {
    const text = await registry.metrics();
    expect(text).toMatch(
      /chatflow_ai_requests_total\{operation="intent",classifier="offline-embeddings",outcome="ok"\} 1/,
    );
    expect(text).toMatch(
      /chatflow_ai_requests_total\{operation="sentiment",classifier="offline-wink",outcome="ok"\} 1/,
    );
    expect(text).toMatch(/chatflow_ai_duration_seconds_bucket\{le="0.5",operation="intent"/);
  });
});

describe("AI ports told that a conversation opens", () => {
  /** An embedder that records what it is asked to embed and answers with fixed unit vectors. */
  function recordingEmbedder() {
    const embedded: string[] = [];
    const embedder: SentenceEmbedder = {
      state: () => "ready",
      warmUp: async () => true,
      embed: async (texts) => {
        embedded.push(...texts);
        return texts.map(() => toUnitVector([1, 0, 0]));
      },
    };
    return { embedder, embedded };
  }
  const route = { flowKey: "v1", blockId: "route", intents };

  it("should build the flow's intent prototypes when the offline classifier answers", async () => {
    const { embedder, embedded } = recordingEmbedder();
    const offline = createAiPorts({ history: async () => [], embedder });
    await offline.prepare([route]);
    expect(embedded).toEqual(expect.arrayContaining(["Give me the weather", "cheap flights to Rome"]));
    await offline.close();
  });

  it("should not when an LLM answers (the offline classifier is only its fallback)", async () => {
    const { embedder, embedded } = recordingEmbedder();
    const withLlm = createAiPorts({
      history: async () => [],
      embedder,
      openai: { apiKey: "k", baseUrl: "http://127.0.0.1:9/v1", model: "m", timeoutMs: 1000 },
    });
    await withLlm.prepare([route]);
    expect(embedded).not.toContain("cheap flights to Rome");
    // The same classifier builds them when first asked (the LLM's circuit open, say).
    await withLlm.offline.classifyIntent({ ...route, text: "is it sunny?" });
    expect(embedded).toContain("cheap flights to Rome");
    await withLlm.close();
  });
});
