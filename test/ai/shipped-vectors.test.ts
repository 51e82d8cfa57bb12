// The vectors of the product's fixed sentences ship with it (`npm run vectors`), so loading the
// classifiers reads them instead of embedding ~1,300 sentences each time the worker starts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { cosine, createSentenceEmbedder, toUnitVector } from "../../src/ai/offline/embeddings.ts";
import { fixedSentences } from "../../src/ai/offline/fixed-sentences.ts";
import { encodeShippedVectors, readShippedVectors } from "../../src/ai/offline/shipped-vectors.ts";

const shipped = readShippedVectors();

describe("the shipped vectors", () => {
  it("should hold every fixed sentence (else run `npm run vectors`)", () => {
    const missing = fixedSentences().filter((text) => !shipped.has(text));
    expect(missing, "sentences without a shipped vector: run `npm run vectors`").toEqual([]);
  });

  it("should be what the bundled model computes for them today", async () => {
    const embedder = createSentenceEmbedder({ known: () => false });
    const sample = fixedSentences().filter((_, index) => index % 40 === 0);
    const computed = await embedder.embed(sample);
    expect(computed).toHaveLength(sample.length);
    sample.forEach((text, index) => {
      const vector = shipped.get(text);
      const fresh = computed?.[index];
      if (vector === undefined || fresh === undefined) throw new Error(`no vector for ${text}`);
      expect(cosine(vector, fresh), text).toBeGreaterThan(0.9999);
    });
  });

  it("should be read only for the model they were made with, and whole", () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "chatflow-vectors-"));
    try {
      const file = path.join(directory, "vectors.bin");
      const good = encodeShippedVectors(["a", "b"], [toUnitVector([1, 0]), toUnitVector([0, 1])]);
      fs.writeFileSync(file, good);
      expect([...readShippedVectors(pathToFileURL(file)).keys()]).toEqual(["a", "b"]);
      fs.writeFileSync(file, good.subarray(0, good.length - 4));
      expect(readShippedVectors(pathToFileURL(file)).size).toBe(0);
      fs.writeFileSync(file, Buffer.from(good.toString("latin1").replace("0.2.0", "9.9.9"), "latin1"));
      expect(readShippedVectors(pathToFileURL(file)).size).toBe(0);
      expect(readShippedVectors(pathToFileURL(path.join(directory, "none.bin"))).size).toBe(0);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe("an embedder with vectors known ahead", () => {
  it("should ask its model only for the texts it does not know, and answer in order", async () => {
    const asked: string[][] = [];
    const embedder = createSentenceEmbedder({
      loadModel: async () => ({
        embed: async (texts) => {
          asked.push(texts);
          return texts.map(() => [0, 0, 1]);
        },
      }),
      known: () => new Map([["hello", toUnitVector([1, 0, 0])]]),
    });
    const vectors = await embedder.embed(["hello", "new line", "hello", "new line"]);
    expect(asked).toEqual([["new line"]]);
    expect(vectors?.map((vector) => [...vector])).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [1, 0, 0],
      [0, 0, 1],
    ]);
    expect(await embedder.embed(["hello"])).toHaveLength(1);
    expect(asked).toHaveLength(1);
  });
});
