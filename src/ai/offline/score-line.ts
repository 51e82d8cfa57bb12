import { correctTowardsVocabulary } from "./domain-spelling.ts";
import type { SentenceEmbedder } from "./embeddings.ts";
import type { IntentPrototype } from "./intent-prototypes.ts";
import { scoreIntents, type IntentScore } from "./intent-scores.ts";
import { toWordForms, type WordForms } from "./lexical-overlap.ts";

/** Scores one customer line against a block's prototypes, best first, with the words it read. */
export async function scoreLine(
  text: string,
  prototypes: IntentPrototype[],
  embedder: SentenceEmbedder,
): Promise<{ scores: IntentScore[]; words: WordForms }> {
  const corrected = correctTowardsVocabulary(
    text,
    prototypes.map((prototype) => prototype.vocabulary),
  );
  const vectors = await embedder.embed([corrected]);
  const words = toWordForms(corrected);
  return { scores: scoreIntents({ vector: vectors?.[0], words }, prototypes), words };
}
