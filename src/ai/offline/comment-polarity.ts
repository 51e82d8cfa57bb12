import { readSentiment } from "./wink.ts";

// wink scores words from a polarity lexicon and flips them under negation, which handles "not
// helpful at all" and "not bad". Two constructions of feedback escape any word lexicon, so a
// deliberately small supplement handles them:
// 1. Lukewarm words: "ok", "fine", "alright" score like "good" in the lexicon, yet in a review
//    they mean "acceptable, no more". They are taken out of the lexicon's count.
// 2. Wishes for more: "could be better", "should have been faster", "I expected more" name
//    what was missing, so they count as a mild negative, whatever the polarity of the
//    comparative ("couldn't be happier" is not one: a negated modal is praise).
const lukewarm =
  /\b(ok|okay|k|fine|alright|all right|decent|average|so-so|so so|meh|mediocre|acceptable|i guess|i suppose)\b/giu;
const wishes = [
  /\b(could|should|would|might)( have)? (be|been) (a (lot|little|bit) |much |way )?(better|improved|more \w+|\w{3,}er)\b/giu,
  /\b(hoped|hoping|expected|expecting|wanted|wish|wished) (for )?(something |a bit |much |a lot )?(better|more)\b/giu,
];

/** "Could have been worse" is relief, the mirror image of a wish: a mild positive. */
const relief = /\b(could|might)( have)? (be|been) (a (lot|little|bit) |much |way )?worse\b/giu;

/** What a wish for "better" or "faster" says on its own: a mild negative (relief: positive). */
const shortfallPolarity = 0.3;

/** Polarity of a feedback comment, -1..1, before any rating is taken into account. */
export function commentPolarity(comment: string): number {
  let text = comment.normalize("NFKC").replace(lukewarm, " ");
  let shortfall = 0;
  text = text.replace(relief, () => {
    shortfall = -shortfallPolarity;
    return " ";
  });
  for (const wish of wishes) {
    text = text.replace(wish, () => {
      shortfall = shortfallPolarity;
      return " ";
    });
  }
  text = text.replace(/\s+/gu, " ").trim();
  // What is left ("helpful but") keeps its own polarity; the wish pulls it down.
  const rest = /[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(text) ? readSentiment(text) : 0;
  return Math.max(-1, Math.min(1, rest - shortfall));
}
