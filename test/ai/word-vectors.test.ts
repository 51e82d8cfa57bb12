// The vectors of common words ship with the product (`npm run vectors`) and are read from their
// file when a line's words are embedded, so most lines need one model call instead of two.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { cosine, createSentenceEmbedder, toUnitVector } from "../../src/ai/offline/embeddings.ts";
import { fixedSentences } from "../../src/ai/offline/fixed-sentences.ts";
import { meaningWords } from "../../src/ai/offline/word-meanings.ts";
import { encodeWordVectors, fromHalf, openWordVectors, toHalf } from "../../src/ai/offline/word-vectors.ts";
import { shippedWords } from "../../scripts/shipped-words.ts";

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "chatflow-words-"));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

function writeFile(name: string, bytes: Buffer): URL {
  const file = path.join(directory, name);
  fs.writeFileSync(file, bytes);
  return pathToFileURL(file);
}

describe("the shipped word vectors", () => {
  const shipped = openWordVectors();

  it("should hold exactly the words the build picks (else run `npm run vectors`)", () => {
    const words = shippedWords();
    expect(words.length).toBeGreaterThan(9000);
    expect(
      words.filter((word) => shipped?.has(word) !== true),
      "words without a shipped vector: run `npm run vectors`",
    ).toEqual([]);
    expect(shipped?.size).toBe(words.length);
  });

  it("should hold every content word of the fixed sentences that is not a sentence of its own", () => {
    const sentences = new Set(fixedSentences());
    const words = [...new Set(fixedSentences().flatMap(meaningWords))].filter((word) => !sentences.has(word));
    expect(words.filter((word) => shipped?.has(word) !== true)).toEqual([]);
  });

  it("should be what the bundled model computes for them today", async () => {
    const embedder = createSentenceEmbedder({ known: () => false, words: () => false });
    const sample = shippedWords().filter((_, index) => index % 400 === 0);
    const computed = await embedder.embed(sample);
    const read = shipped?.read(sample);
    expect(read?.size).toBe(sample.length);
    sample.forEach((word, index) => {
      const vector = read?.get(word);
      const fresh = computed?.[index];
      if (vector === undefined || fresh === undefined) throw new Error(`no vector for ${word}`);
      expect(cosine(vector, fresh), word).toBeGreaterThan(0.9999);
    });
  });

  it("should give a line and its words, read from the file, the vectors the model computes", async () => {
    const line = "please cancel my subscription before the renewal";
    const words = meaningWords(line);
    expect(words.every((word) => shipped?.has(word) === true)).toBe(true);
    const withFile = await createSentenceEmbedder({ known: () => false }).embed([line, ...words]);
    const computed = await createSentenceEmbedder({ known: () => false, words: () => false }).embed([line, ...words]);
    expect(withFile).toHaveLength(words.length + 1);
    withFile?.forEach((vector, index) => {
      const fresh = computed?.[index];
      if (fresh === undefined) throw new Error("no vector");
      expect(cosine(vector, fresh)).toBeGreaterThan(0.9999);
    });
  });
});

describe("a word vectors file", () => {
  const good = encodeWordVectors(["cancel", "order"], [toUnitVector([3, 4, 0]), toUnitVector([0, -1, 1])]);

  it("should give back its words' vectors, unit length, and nothing for other words", () => {
    const words = openWordVectors(writeFile("good.bin", good));
    expect(words?.size).toBe(2);
    const read = words?.read(["order", "refund", "cancel"]);
    expect([...(read?.keys() ?? [])]).toEqual(["order", "cancel"]);
    expect([...(read?.get("cancel") ?? [])].map((value) => value.toFixed(3))).toEqual(["0.600", "0.800", "0.000"]);
    expect([...(read?.get("order") ?? [])].map((value) => value.toFixed(3))).toEqual(["0.000", "-0.707", "0.707"]);
    expect(words?.read(["refund"]).size).toBe(0);
  });

  it("should be read only when whole and made with the bundled model", () => {
    expect(openWordVectors(writeFile("short.bin", good.subarray(0, good.length - 2)))).toBeUndefined();
    expect(openWordVectors(writeFile("long.bin", Buffer.concat([good, Buffer.alloc(2)])))).toBeUndefined();
    const otherModel = Buffer.from(good.toString("latin1").replace("0.2.0", "9.9.9"), "latin1");
    expect(openWordVectors(writeFile("other.bin", otherModel))).toBeUndefined();
    const notJson = Buffer.from(good);
    notJson[4] = "x".charCodeAt(0);
    expect(openWordVectors(writeFile("garbled.bin", notJson))).toBeUndefined();
    const hugeHeader = Buffer.from(good);
    hugeHeader.writeUInt32LE(good.length, 0);
    expect(openWordVectors(writeFile("huge-header.bin", hugeHeader))).toBeUndefined();
    expect(openWordVectors(writeFile("empty.bin", Buffer.alloc(0)))).toBeUndefined();
    expect(openWordVectors(pathToFileURL(path.join(directory, "none.bin")))).toBeUndefined();
  });

  it("should leave the words to the model when the file went away after it was opened", () => {
    const file = writeFile("gone.bin", good);
    const words = openWordVectors(file);
    fs.rmSync(file);
    expect(words?.read(["cancel"]).size).toBe(0);
  });

  it("should leave the words to the model when the file was replaced after it was opened", () => {
    const file = writeFile("replaced.bin", good);
    const words = openWordVectors(file);
    expect(words?.read(["cancel"]).size).toBe(1);
    const swapped = encodeWordVectors(["order", "cancel"], [toUnitVector([0, -1, 1]), toUnitVector([3, 4, 0])]);
    const next = path.join(directory, "replaced.next");
    fs.writeFileSync(next, swapped);
    fs.renameSync(next, new URL(file));
    expect(words?.read(["cancel", "order"]).size).toBe(0);
    expect(openWordVectors(file)?.read(["cancel"]).get("cancel")?.[1]).toBeCloseTo(0.8, 3);
  });

  it("should ask an embedder's model only for what neither the known texts nor the file hold", async () => {
    const asked: string[][] = [];
    const embedder = createSentenceEmbedder({
      loadModel: async () => ({
        embed: async (texts) => {
          asked.push(texts);
          return texts.map(() => [0, 0, 1]);
        },
      }),
      known: () => new Map([["hello", toUnitVector([1, 0, 0])]]),
      words: () => openWordVectors(writeFile("embedder.bin", good)),
    });
    const vectors = await embedder.embed(["hello", "cancel", "refund", "cancel"]);
    expect(asked).toEqual([["refund"]]);
    expect(vectors?.map((vector) => [...vector].map((value) => value.toFixed(3)))).toEqual([
      ["1.000", "0.000", "0.000"],
      ["0.600", "0.800", "0.000"],
      ["0.000", "0.000", "1.000"],
      ["0.600", "0.800", "0.000"],
    ]);
  });
});

describe("half precision", () => {
  it("should keep what it can hold exactly and round the rest to the nearest", () => {
    for (const value of [0, 1, -1, 0.5, -0.25, 65504, 2 ** -14, 2 ** -24, 3 * 2 ** -20]) {
      expect(fromHalf(toHalf(value)), String(value)).toBe(value);
    }
    expect(toHalf(-0)).toBe(0x8000);
    expect(fromHalf(toHalf(1 + 2 ** -11 + 2 ** -20))).toBe(1 + 2 ** -10);
    expect(fromHalf(toHalf(1 + 2 ** -12))).toBe(1);
    expect(fromHalf(toHalf(2047.9))).toBe(2048);
    expect(fromHalf(toHalf(1e6))).toBe(Infinity);
    expect(fromHalf(toHalf(-1e6))).toBe(-Infinity);
    expect(fromHalf(toHalf(2 ** -26))).toBe(0);
    expect(fromHalf(0x7e00)).toBeNaN();
  });

  it("should be within half a unit of the last place for a unit vector's numbers", () => {
    for (let index = 1; index < 2000; index++) {
      const value = Math.sin(index) * 0.3;
      const error = Math.abs(fromHalf(toHalf(value)) - value);
      expect(error, String(value)).toBeLessThanOrEqual(Math.max(Math.abs(value) * 2 ** -11, 2 ** -25));
    }
  });
});
