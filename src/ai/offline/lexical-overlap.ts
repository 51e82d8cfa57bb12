import { wordSimilarity } from "./edit-distance.ts";
import { toLemmaTokens } from "./text-lemmas.ts";

/** The words of one text, both as written and as lemmas, so "ofers" still meets "offers". */
export interface WordForms {
  forms: string[][];
  /** How many of the content words the English lexicon knows (typos and gibberish are unknown). */
  knownCount: number;
  /** How many function words ("put", "on", "my") the text has: English, if no topic of its own. */
  functionWords: number;
}

/** Content words of `text`, each with its written form and lemma (stop words left out). */
export function toWordForms(text: string): WordForms {
  const tokens = toLemmaTokens(text);
  const content = tokens.filter((token) => !token.stopWord && token.lemma.length > 1);
  return {
    forms: content.map((token) => [...new Set([token.lemma, token.surface])]),
    knownCount: content.filter((token) => token.known).length,
    functionWords: tokens.filter((token) => token.stopWord).length,
  };
}

/** Each word an intent uses, weighted by how distinctive it is among the block's intents. */
export type IntentVocabulary = Map<string, number>;

/**
 * Vocabularies of a block's intents: a word used by k of the intents weighs 1/k, so words the
 * intents share ("good", "give") cannot tip the choice between them.
 */
export function buildVocabularies(texts: string[][]): IntentVocabulary[] {
  const wordSets = texts.map((intentTexts) => new Set(intentTexts.flatMap((text) => toWordForms(text).forms.flat())));
  const usage = new Map<string, number>();
  for (const words of wordSets) for (const word of words) usage.set(word, (usage.get(word) ?? 0) + 1);
  return wordSets.map((words) => new Map([...words].map((word) => [word, 1 / (usage.get(word) ?? 1)])));
}

/**
 * Share of the query's content words that the intent's vocabulary covers, 0..1, counting typos
 * as partial matches. Cheap (no model), and blind to paraphrase: a supplement to embeddings.
 */
export function lexicalOverlap(query: WordForms, vocabulary: IntentVocabulary): number {
  if (query.forms.length === 0) return 0;
  let covered = 0;
  for (const forms of query.forms) {
    let best = 0;
    for (const form of forms) {
      const exact = vocabulary.get(form);
      if (exact !== undefined) {
        best = Math.max(best, exact);
        continue;
      }
      for (const [word, weight] of vocabulary) best = Math.max(best, wordSimilarity(form, word) * weight);
    }
    covered += best;
  }
  return covered / query.forms.length;
}
