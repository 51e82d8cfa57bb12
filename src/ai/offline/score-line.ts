import { correctTowardsVocabulary } from "./domain-spelling.ts";
import type { SentenceEmbedder } from "./embeddings.ts";
import { rankScores } from "./intent-decision.ts";
import type { BlockPrototypes } from "./intent-prototypes.ts";
import { everydayChatSimilarity, libraryRivalSimilarity, scoreIntents, type IntentScore } from "./intent-scores.ts";
import { toWordForms, type WordForms } from "./lexical-overlap.ts";
import { meaningWords } from "./word-meanings.ts";

export interface LineScores {
  /** Every intent, best first. */
  scores: IntentScore[];
  words: WordForms;
  /** Similarity to the everyday chat no intent of the block covers; `undefined` without embeddings. */
  everydayChat: number | undefined;
  /** Similarity to the nearest neighbouring library topic no intent covers; `undefined` without embeddings or such topics. */
  libraryRival: number | undefined;
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
  // The line and its content words in one call; the words recur, so the embedder mostly remembers them.
  const lineWords = meaningWords(corrected);
  const embedded = await embedder.embed([corrected, ...lineWords]);
  const vector = embedded?.[0];
  const words = toWordForms(corrected);
  return {
    scores: rankScores(scoreIntents({ vector, words, wordVectors: embedded?.slice(1) }, prototypes.intents)),
    words,
    everydayChat: everydayChatSimilarity(vector, prototypes.everydayChat),
    libraryRival: libraryRivalSimilarity(vector, prototypes.libraryRivals),
  };
}
