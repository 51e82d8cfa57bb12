import { readTokens } from "./wink.ts";

/**
 * The sentences an intent without examples is compared with: its description and the
 * description's content words alone ("Give me the weather" → "weather", "Check my account
 * balance" → "check account balance"). A one-line description is mostly frame ("Give me…",
 * "Say…and…") that a customer's line does not share, and the sentence encoder weighs that frame
 * with the topic: "see ya" sat below the out-of-scope bar for "Say goodbye and end the
 * conversation", not for "goodbye end conversation". The line's similarity to such an intent is
 * the better of the two (the midpoint still counts one sentence). Measured on
 * test/fixtures/eval-domains and the default flow's block, descriptions only: src/ai/README.md.
 */
export function descriptionVariants(description: string): string[] {
  const text = description.trim();
  if (text === "") return [];
  const core = contentWords(text);
  return core === "" || core === text.toLowerCase() ? [text] : [text, core];
}

/** The words of `text` that are neither stop words nor numbers or punctuation, lower-cased. */
export function contentWords(text: string): string {
  const tokens = readTokens(text);
  return tokens.normals
    .filter((_, index) => tokens.types[index] === "word" && tokens.stopWords[index] !== true)
    .join(" ");
}
