import { cosine, type UnitVector } from "./embeddings.ts";
import type { IntentPrototype } from "./intent-prototypes.ts";
import { lexicalOverlap, type WordForms } from "./lexical-overlap.ts";

/** How close a customer line is to one intent, by meaning and by words. */
export interface IntentScore {
  id: string;
  /** Best cosine similarity to the intent's description or an example; `undefined` without embeddings. */
  similarity: number | undefined;
  /** Share of the line's content words found (allowing typos) among the intent's words, 0..1. */
  lexical: number;
}

/** Scores of the line against every intent, best first. */
export function scoreIntents(
  query: { vector: UnitVector | undefined; words: WordForms },
  prototypes: IntentPrototype[],
): IntentScore[] {
  const scores = prototypes.map((prototype): IntentScore => {
    const { vector } = query;
    const similarity =
      vector === undefined || prototype.vectors === undefined || prototype.vectors.length === 0
        ? undefined
        : Math.max(...prototype.vectors.map((candidate) => cosine(vector, candidate)));
    return { id: prototype.id, similarity, lexical: lexicalOverlap(query.words, prototype.vocabulary) };
  });
  return scores.sort((a, b) => (b.similarity ?? b.lexical) - (a.similarity ?? a.lexical) || b.lexical - a.lexical);
}
