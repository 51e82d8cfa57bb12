import { readSentiment } from "./wink.ts";

// wink scores words from a polarity lexicon and flips them under negation, which handles "not
// helpful at all" and "not bad". Two constructions of feedback escape any word lexicon, so a
// deliberately small supplement handles them:
// 1. Lukewarm words: "ok", "fine", "alright" score like "good" in the lexicon, yet in a review
//    they mean "acceptable, no more". They are taken out of the lexicon's count.
// 2. Counterfactual comparatives: "could be better", "should have been faster" wish for what was
//    missing, so the positive word in them counts against ("couldn't be happier" is not one).
const lukewarm = /\b(ok|okay|k|fine|alright|all right|decent|average|so-so|so so|meh|mediocre|acceptable|i guess|i suppose)\b/giu;
const counterfactual = /\b(could|should|would|might)( have)? (be|been) (a (lot|little|bit) |much |way )?(better|more \w+|\w{3,}er)\b/iu;

/** A mild negative: what a wish for "better" or "faster" says at the least. */
const shortfallPolarity = 0.3;

/** Polarity of a feedback comment, -1..1, before any rating is taken into account. */
export function commentPolarity(comment: string): number {
  const text = comment.normalize("NFKC");
  const withoutLukewarm = text.replace(lukewarm, " ").replace(/\s+/gu, " ").trim();
  let polarity = withoutLukewarm === "" ? 0 : readSentiment(withoutLukewarm);
  // The wish itself says it fell short, even when the comparative is not a polar word ("faster").
  if (counterfactual.test(text)) polarity = -Math.max(Math.abs(polarity), shortfallPolarity);
  return polarity;
}
