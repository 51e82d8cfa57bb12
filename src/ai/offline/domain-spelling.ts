import { wordSimilarity } from "./edit-distance.ts";
import type { IntentVocabulary } from "./lexical-overlap.ts";
import { readTokens } from "./wink.ts";

/**
 * Replaces words that are not English ("flihgts", "restaurent") with the nearest word the
 * block's intents use, one or two typos away. The sentence encoder splits an unknown word into
 * meaningless pieces, so one typo on the key word can hide a line's topic from it; known words
 * are left alone, since "wether" or "pain" may be meant.
 */
export function correctTowardsVocabulary(text: string, vocabularies: IntentVocabulary[]): string {
  const tokens = readTokens(text);
  const replacements = new Map<string, string>();
  tokens.normals.forEach((word, index) => {
    if (tokens.known[index] === true || tokens.types[index] !== "word" || word.length < 5) return;
    let best = { word, similarity: 0 };
    for (const vocabulary of vocabularies) {
      for (const candidate of vocabulary.keys()) {
        const similarity = wordSimilarity(word, candidate);
        if (similarity > best.similarity) best = { word: candidate, similarity };
      }
    }
    if (best.similarity > 0) replacements.set(word, best.word);
  });
  if (replacements.size === 0) return text;
  return text.replace(/[\p{L}\p{N}'’-]+/gu, (word) => replacements.get(word.toLowerCase()) ?? word);
}
