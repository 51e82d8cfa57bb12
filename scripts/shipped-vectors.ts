// `npm run vectors`: embeds the product's fixed sentences (src/ai/offline/fixed-sentences.ts) and
// the common words of scripts/shipped-words.ts with the bundled USE-lite model and writes
// src/ai/offline/shipped-vectors.bin and word-vectors.bin, which the classifiers read instead of
// embedding them. Run it after changing any of those sentences or the word list;
// test/ai/shipped-vectors.test.ts and test/ai/word-vectors.test.ts fail until then.
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { createSentenceEmbedder, type UnitVector } from "../src/ai/offline/embeddings.ts";
import { fixedSentences } from "../src/ai/offline/fixed-sentences.ts";
import { encodeShippedVectors, SHIPPED_VECTORS_FILE } from "../src/ai/offline/shipped-vectors.ts";
import { encodeWordVectors, WORD_VECTORS_FILE } from "../src/ai/offline/word-vectors.ts";
import { shippedWords } from "./shipped-words.ts";

const embedder = createSentenceEmbedder({
  known: () => false,
  words: () => false,
  onError: (error) => console.error(error),
});

async function embedAll(texts: string[]): Promise<UnitVector[]> {
  const vectors = [];
  for (let start = 0; start < texts.length; start += 64) {
    const batch = await embedder.embed(texts.slice(start, start + 64));
    if (batch === undefined) throw new Error("the bundled model could not embed");
    vectors.push(...batch);
  }
  return vectors;
}

const texts = fixedSentences();
const sentenceBytes = encodeShippedVectors(texts, await embedAll(texts));
fs.writeFileSync(SHIPPED_VECTORS_FILE, sentenceBytes);
console.log(
  `${texts.length} sentences, ${(sentenceBytes.length / 1e6).toFixed(2)} MB: ${fileURLToPath(SHIPPED_VECTORS_FILE)}`,
);

const words = shippedWords();
const wordBytes = encodeWordVectors(words, await embedAll(words));
fs.writeFileSync(WORD_VECTORS_FILE, wordBytes);
console.log(`${words.length} words, ${(wordBytes.length / 1e6).toFixed(2)} MB: ${fileURLToPath(WORD_VECTORS_FILE)}`);
