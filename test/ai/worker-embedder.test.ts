import { afterAll, describe, expect, it } from "vitest";
import { cosine } from "../../src/ai/offline/embeddings.ts";
import { createWorkerSentenceEmbedder } from "../../src/ai/offline/worker-embedder.ts";

const embedder = createWorkerSentenceEmbedder();
afterAll(() => embedder.close());

describe("worker-thread sentence embedder", () => {
  it("should load the bundled model in a worker and embed there", async () => {
    expect(await embedder.warmUp()).toBe(true);
    expect(embedder.state()).toBe("ready");
    const vectors = await embedder.embed([
      "will it rain tomorrow?",
      "is rain expected tomorrow",
      "book a cheap flight",
    ]);
    expect(vectors).toHaveLength(3);
    const [rain, rainAgain, flight] = vectors ?? [];
    expect(rain).toHaveLength(512);
    expect(cosine(rain!, rainAgain!)).toBeGreaterThan(cosine(rain!, flight!));
  });

  it("should answer concurrent requests each with its own vectors", async () => {
    const texts = Array.from({ length: 12 }, (_, i) => `message number ${i}`);
    const answers = await Promise.all(texts.map((text) => embedder.embed([text])));
    const direct = await embedder.embed(texts);
    answers.forEach((answer, i) => expect(cosine(answer![0]!, direct![i]!)).toBeCloseTo(1, 4));
  });
});
