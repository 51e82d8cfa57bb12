import { readTokens } from "./wink.ts";

/** A word of a text, reduced to what matching needs. */
export interface LemmaToken {
  lemma: string;
  /** The word as written, lower-cased. */
  surface: string;
  /** Function words ("the", "me", "is") carry no topic and are left out of overlap scores. */
  stopWord: boolean;
  /** In the English lexicon; false for typos and gibberish. */
  known: boolean;
}

/** Lower-case lemmas of the word and number tokens of `text` ("restaurants" → "restaurant"). */
export function toLemmaTokens(text: string): LemmaToken[] {
  const tokens = readTokens(text);
  const result: LemmaToken[] = [];
  tokens.lemmas.forEach((lemma, index) => {
    const type = tokens.types[index];
    if (type !== "word" && type !== "number") return;
    result.push({
      lemma,
      surface: tokens.normals[index] ?? lemma,
      stopWord: tokens.stopWords[index] === true,
      known: type === "number" || tokens.known[index] === true,
    });
  });
  return result;
}
