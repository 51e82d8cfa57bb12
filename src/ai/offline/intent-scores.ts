import { cosine, supportedSimilarity, type UnitVector } from "./embeddings.ts";
import { adoptedLineDiscount } from "./everyday-chat.ts";
import { libraryLineDiscount } from "./intent-library.ts";
import type { IntentPrototype } from "./intent-prototypes.ts";
import { lexicalOverlap, type WordForms } from "./lexical-overlap.ts";
import { meaningOverlap } from "./word-meanings.ts";

/** How close a customer line is to one intent, by meaning and by words. */
export interface IntentScore {
  id: string;
  /**
   * Cosine similarity to the intent's description and examples (a description without
   * examples by the closer of its variants, `descriptionVariants`): 0.7 × the best + 0.3 × the
   * second best, so one accidental close sentence counts for less than two agreeing ones;
   * `undefined` without embeddings.
   */
  similarity: number | undefined;
  /** Sentences the intent is described by; more of them raise the best similarity by chance. */
  prototypeCount: number;
  /** It took everyday lines as its own (a goodbye intent the farewells), so it meets everyday chat like for like. */
  adoptsEveryday: boolean;
  /** Share of the line's content words found (allowing typos) among the intent's words, 0..1. */
  lexical: number;
  /**
   * How much nearer in meaning the line's words come to this intent's words than to the block's
   * intents on average (`meaningOverlap` less the mean over the intents); 0 without embeddings.
   */
  meaning: number;
}

/** How close the line is to the everyday chat a block competes with; `undefined` without embeddings or rivals. */
export function everydayChatSimilarity(vector: UnitVector | undefined, everydayChat: UnitVector[]): number | undefined {
  if (vector === undefined || everydayChat.length === 0) return undefined;
  return supportedSimilarity(everydayChat.map((line) => cosine(vector, line)));
}

/** How close the line comes to the nearest neighbouring topic no intent covers; `undefined` without embeddings or such topics. */
export function libraryRivalSimilarity(vector: UnitVector | undefined, rivals: UnitVector[][]): number | undefined {
  if (vector === undefined || rivals.length === 0) return undefined;
  return Math.max(...rivals.map((lines) => supportedSimilarity(lines.map((line) => cosine(vector, line)))));
}

/** Scores of the line against every intent, in the prototypes' order (`rankScores` puts the best first). */
export function scoreIntents(
  query: { vector: UnitVector | undefined; words: WordForms; wordVectors: UnitVector[] | undefined },
  prototypes: IntentPrototype[],
): IntentScore[] {
  const overlaps = prototypes.map((prototype) =>
    query.wordVectors === undefined || prototype.words === undefined
      ? 0
      : meaningOverlap(query.wordVectors, prototype.words),
  );
  const meanOverlap = overlaps.reduce((sum, overlap) => sum + overlap, 0) / Math.max(1, overlaps.length);
  return prototypes.map((prototype, index): IntentScore => {
    const { vector } = query;
    const similarity =
      vector === undefined || prototype.vectors === undefined || prototype.vectors.length === 0
        ? undefined
        : supportedSimilarity([
            ...prototype.vectors.map((variants) => Math.max(...variants.map((candidate) => cosine(vector, candidate)))),
            ...prototype.adopted.map((line) => cosine(vector, line) - adoptedLineDiscount),
            ...prototype.library.map((line) => cosine(vector, line) - libraryLineDiscount),
          ]);
    return {
      id: prototype.id,
      similarity,
      prototypeCount: (prototype.vectors?.length ?? 0) + prototype.adopted.length + prototype.library.length,
      adoptsEveryday: prototype.adopted.length > 0,
      lexical: lexicalOverlap(query.words, prototype.vocabulary),
      meaning: (overlaps[index] ?? 0) - meanOverlap,
    };
  });
}
