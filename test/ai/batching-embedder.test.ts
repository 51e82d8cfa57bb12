import { describe, expect, it } from "vitest";
import { createBatchingEmbedder } from "../../src/ai/offline/batching-embedder.ts";
import type { SentenceEmbedder, UnitVector } from "../../src/ai/offline/embeddings.ts";

function countingEmbedder(fail = false) {
  const calls: string[][] = [];
  const inner: SentenceEmbedder = {
    state: () => "ready",
    warmUp: async () => true,
    embed: async (texts) => {
      calls.push(texts);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return fail ? undefined : texts.map((text) => Float32Array.of(text.length) as UnitVector);
    },
  };
  return { inner, calls };
}

describe("the batching embedder", () => {
  it("should embed lines that arrive while the model is busy in one call", async () => {
    const { inner, calls } = countingEmbedder();
    const embedder = createBatchingEmbedder(inner);
    const lines = ["a", "bb", "ccc", "dddd", "eeeee"];
    const vectors = await Promise.all(lines.map((line) => embedder.embed([line])));
    expect(vectors.map((v) => v?.[0]?.[0])).toEqual([1, 2, 3, 4, 5]);
    expect(calls).toEqual([["a"], ["bb", "ccc", "dddd", "eeeee"]]);
  });

  it("should send the texts of one call to the model together", async () => {
    const { inner, calls } = countingEmbedder();
    const embedder = createBatchingEmbedder(inner);
    const vectors = await embedder.embed(["line", "its", "words"]);
    expect(vectors?.map((v) => v[0])).toEqual([4, 3, 5]);
    expect(calls).toEqual([["line", "its", "words"]]);
  });

  it("should reuse the vector of a line it embedded recently", async () => {
    const { inner, calls } = countingEmbedder();
    const embedder = createBatchingEmbedder(inner);
    await embedder.embed(["hello there"]);
    await embedder.embed(["hello there"]);
    expect(calls).toEqual([["hello there"]]);
  });

  it("should keep the lines in use and forget the least recently used one past its size", async () => {
    const { inner, calls } = countingEmbedder();
    const embedder = createBatchingEmbedder(inner, { cacheSize: 2 });
    await embedder.embed(["yes"]);
    await embedder.embed(["no"]);
    await embedder.embed(["yes"]); // used again: "no" is now the least recently used
    await embedder.embed(["maybe"]); // past the size: "no" goes
    await embedder.embed(["yes"]);
    await embedder.embed(["no"]);
    expect(calls).toEqual([["yes"], ["no"], ["maybe"], ["no"]]);
  });

  it("should answer undefined when the model fails, and not remember the failure", async () => {
    const { inner, calls } = countingEmbedder(true);
    const embedder = createBatchingEmbedder(inner);
    expect(await embedder.embed(["x"])).toBeUndefined();
    expect(await embedder.embed(["x"])).toBeUndefined();
    expect(calls).toHaveLength(2);
  });
});
