import { correctTowardsVocabulary } from "./domain-spelling.ts";
import type { SentenceEmbedder } from "./embeddings.ts";
import type { BlockPrototypes } from "./intent-prototypes.ts";
import { everydayChatSimilarity, scoreIntents, type IntentScore } from "./intent-scores.ts";
import { toWordForms, type WordForms } from "./lexical-overlap.ts";

export interface LineScores {
  /** Every intent, best first. */
  scores: IntentScore[];
  words: WordForms;
  /** Similarity to the everyday chat no intent of the block covers; `undefined` without embeddings. */
  everydayChat: number | undefined;
}

/** Scores one customer line against a block's prototypes, with the words it read. */
export async function scoreLine(
  text: string,
  prototypes: BlockPrototypes,
  embedder: SentenceEmbedder,
): Promise<LineScores> {
  const corrected = correctTowardsVocabulary(
    text,
    prototypes.intents.map((prototype) => prototype.vocabulary),
  );
  const vector = (await embedder.embed([corrected]))?.[0];
  const words = toWordForms(corrected);
  return {
    scores: scoreIntents({ vector, words }, prototypes.intents),
    words,
    everydayChat: everydayChatSimilarity(vector, prototypes.everydayChat),
  };
}
