import { cosine, type UnitVector } from "./embeddings.ts";
import { toLemmaTokens } from "./text-lemmas.ts";

/**
 * The words of a text that are embedded one by one: English content words (lemmas; no stop
 * words, typos or one-letter tokens), in order, repeats kept. Read lower-cased: wink's lexicon
 * does not know a capitalised first word ("Check my balance").
 */
export function meaningWords(text: string): string[] {
  return toLemmaTokens(text.toLowerCase())
    .filter((token) => !token.stopWord && token.known && token.lemma.length > 1)
    .map((token) => token.lemma);
}

/** One of an intent's words, embedded alone, and how distinctive it is among the block's intents. */
export interface MeaningWord {
  vector: UnitVector;
  /** 1/k for a word used by k of the block's intents. */
  weight: number;
}

/**
 * The distinct words of each intent (its texts' `meaningWords`) and their weights: a word used by
 * k of the block's intents weighs 1/k, as in the word overlap.
 */
export function intentMeaningWords(texts: string[][]): { word: string; weight: number }[][] {
  const words = texts.map((intentTexts) => [...new Set(intentTexts.flatMap(meaningWords))]);
  const usage = new Map<string, number>();
  for (const list of words) for (const word of list) usage.set(word, (usage.get(word) ?? 0) + 1);
  return words.map((list) => list.map((word) => ({ word, weight: 1 / (usage.get(word) ?? 1) })));
}

/**
 * How near the line's words come to an intent's words in meaning, 0..1: for each word of the
 * line, its best cosine to one of the intent's words (times that word's weight), averaged over
 * the line's words. The word overlap with synonyms counted: "hold" meets "freeze", "scrap" meets
 * "cancel", which the whole-sentence embedding drowns in the rest of the line.
 */
export function meaningOverlap(lineWords: UnitVector[], intentWords: MeaningWord[]): number {
  if (lineWords.length === 0 || intentWords.length === 0) return 0;
  let sum = 0;
  for (const line of lineWords) {
    let best = Number.NEGATIVE_INFINITY;
    for (const word of intentWords) best = Math.max(best, cosine(line, word.vector) * word.weight);
    sum += best;
  }
  return sum / lineWords.length;
}
