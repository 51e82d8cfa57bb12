// The vectors of the product's fixed sentences ship with it (`npm run vectors`), so loading the
// classifiers reads them instead of embedding ~1,300 sentences each time the worker starts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { cosine, createSentenceEmbedder, toUnitVector, type UnitVector } from "../../src/ai/offline/embeddings.ts";
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

/** An embedder over a stand-in model that records every call it gets and answers `vectorOf` each text. */
function recordingEmbedder(vectorOf: (text: string) => number[], known: Map<string, UnitVector> | false) {
  const asked: string[][] = [];
  const embedder = createSentenceEmbedder({
    loadModel: async () => ({
      embed: async (texts) => {
        asked.push(texts);
        return texts.map(vectorOf);
      },
    }),
    known: () => known,
  });
  return { asked, embedder };
}

describe("an embedder with vectors known ahead", () => {
  it("should ask its model only for the texts it does not know, and answer in order", async () => {
    const { asked, embedder } = recordingEmbedder(() => [0, 0, 1], new Map([["hello", toUnitVector([1, 0, 0])]]));
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

describe("the embedder's calls to its model", () => {
  it("should give several short texts a call of their own, and keep one or two with the rest", async () => {
    const { asked, embedder } = recordingEmbedder((text) => [text.length, 1, 0], false);
    const line = "is my parcel going to arrive today";
    const vectors = await embedder.embed([line, "parcel", "arrive", "today"]);
    expect(asked).toEqual([[line], ["parcel", "arrive", "today"]]);
    expect(vectors?.map((vector) => [...vector])).toEqual(
      [line, "parcel", "arrive", "today"].map((text) => [...toUnitVector([text.length, 1, 0])]),
    );
    await embedder.embed(["where is my order number 42", "order", "number"]);
    await embedder.embed(["yes", "no", "bye"]);
    expect(asked.slice(2)).toEqual([
      ["where is my order number 42", "order", "number"],
      ["yes", "no", "bye"],
    ]);
  });

  it("should give even one short text a call of its own beside a line of more than 12 words", async () => {
    const { asked, embedder } = recordingEmbedder((text) => [text.length, 1, 0], false);
    const twelve = "could you please tell me when my parcel from last week arrives";
    const thirteen = `${twelve} here`;
    await embedder.embed([twelve, "parcel"]);
    await embedder.embed([thirteen, "parcel"]);
    expect(asked).toEqual([[twelve, "parcel"], [thirteen], ["parcel"]]);
  });

  it("should cut a call where its texts padded to the longest would pass 64 pieces", async () => {
    const { asked, embedder } = recordingEmbedder((text) => [text.length, 1, 0], false);
    const words = Array.from({ length: 20 }, (_, index) => `word${index}`);
    const lines = Array.from({ length: 6 }, (_, index) => `please tell me the balance of savings account ${index}`);
    const tooLong = Array.from({ length: 70 }, () => "very").join(" ");
    const vectors = await embedder.embed([...lines, ...words, tooLong]);
    // A word is 4 pieces (16 a call), a 9-word line 12 (5 a call), a 70-word text alone.
    expect(asked).toEqual([lines.slice(0, 5), [lines[5]], [tooLong], words.slice(0, 16), words.slice(16)]);
    expect(vectors).toHaveLength(27);
    expect(vectors?.map((vector) => vector[0])).toEqual(
      [...lines, ...words, tooLong].map((text) => toUnitVector([text.length, 1, 0])[0]),
    );
  });

  it("should give a text the same vector in a call of short texts as beside a long line", async () => {
    const embedder = createSentenceEmbedder({ known: () => false });
    const line = "could you tell me whether my order from last week has been shipped yet";
    const beside = await embedder.embed([line, "shipped"]);
    const apart = await embedder.embed([`${line}!`, "shipped", "order", "week"]);
    const [a, b] = [beside?.[1], apart?.[1]];
    if (a === undefined || b === undefined) throw new Error("no vectors");
    expect(cosine(a, b)).toBeGreaterThan(0.9999);
  });
});
