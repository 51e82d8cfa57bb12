// The words and phrases that decide feedback polarity around wink's lexicon (comment-polarity.ts
// combines them). Grammar words first (negators, boosters, contrasts), then the supplement: the
// vocabulary of support feedback that a general lexicon reads wrong, kept deliberately small.

export const negators = new Set([
  "not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "without", "hardly", "barely", "unable", "failed", "fails",
]); // prettier-ignore
export const boosters = new Set([
  "really", "very", "so", "too", "extremely", "absolutely", "totally", "completely", "incredibly", "super",
  "truly", "utterly", "highly", "seriously", "exceptionally", "particularly", "insanely", "terribly", "awfully",
]); // prettier-ignore
export const downtoners = new Set(["slightly", "fairly", "rather", "mostly", "kinda"]);
/** Words that end a negation's or a booster's reach. */
export const clauseBreaks = new Set(["and", "but", "or", "though", "although", "however", "yet"]);
export const contrasts = new Set(["but", "however", "though", "although", "except"]);

/** Acceptable, no more: "ok" scores like "good" in the lexicon, yet "it was ok" is lukewarm. Negated ("not ok") they are negative. */
export const lukewarm = new Set([
  "ok",
  "okay",
  "k",
  "fine",
  "alright",
  "decent",
  "average",
  "acceptable",
  "meh",
  "mediocre",
  "usable",
  "fair",
]);
/** What the conversation was about, not how it went ("solved my problem", "the worst support"); negated ("no problems") they are praise. */
export const topics = new Map([
  ["support", 0], ["service", 0], ["problem", -0.5], ["problems", -0.5], ["issue", -0.5], ["issues", -0.5],
  ["complaint", -0.5], ["complaints", -0.5], ["complain", -0.5],
]); // prettier-ignore
/** Only their failure says something: "it found my booking" is neutral, "couldn't find my order" is not. */
export const failures = new Set(["needed", "answer", "answered", "find", "found", "understand", "understood", "respond", "responded", "reply", "replied", "load", "loaded"]); // prettier-ignore
/** Words of support chat the lexicon lacks or underrates; flipped by negation like its own. */
export const domainScores = new Map([
  ["solved", 0.6], ["solve", 0.5], ["fixed", 0.6], ["fix", 0.4], ["sorted", 0.5], ["resolved", 0.6],
  ["worked", 0.5], ["works", 0.5], ["helped", 0.5], ["quick", 0.4], ["quickly", 0.4], ["fast", 0.4],
  ["clear", 0.4], ["painless", 0.5], ["efficient", 0.5], ["slow", -0.4], ["slowly", -0.3], ["wrong", -0.5],
  ["broken", -0.5], ["nowhere", -0.4], ["nightmare", -0.7], ["clunky", -0.4], ["unclear", -0.4],
  ["irrelevant", -0.4], ["failed", -0.5], ["fail", -0.5], ["waiting", -0.4], ["👎", -0.6], ["stuck", -0.4], ["looping", -0.4], ["useless", -0.6],
  ["🙂", 0.5], ["😊", 0.5], ["😀", 0.5], ["😃", 0.5], ["😄", 0.5], ["🙏", 0.4], ["🙁", -0.5], ["☹️", -0.5], ["😞", -0.5], ["😡", -0.6], ["😠", -0.6],
]); // prettier-ignore
/** Thanks is politeness more than a verdict: mild, so that the rating settles "thanks!". */
export const politeness = new Map([
  ["thanks", 0.2],
  ["thank", 0.2],
  ["thx", 0.2],
  ["cheers", 0.2],
]);

/** Whole-comment hedges: what they qualify is meant half-heartedly. */
export const hedges = /\b(i guess|i suppose|kind of|sort of|more or less|somewhat|partly|partially|\w+-ish)\b/iu;

/** Phrases that no word lexicon sees, with their polarity; taken out of the text before the words are read. */
export const phrases: [RegExp, number][] = [
  // Wishes for more name what was missing: "could be better", "should have been faster", "I expected more".
  [
    /\b(could|should|would|might)( have)? (be|been) (a (lot|little|bit) |much |way )?(better|improved|more \w+|\w{3,}er)\b/giu,
    -0.4,
  ],
  [
    /\b(hoped|hoping|expected|expecting|wanted|wish|wished) (for )?(something |a bit |much |a lot )?(better|more)\b/giu,
    -0.4,
  ],
  // Relief, the mirror image: "could have been worse".
  [/\b(could|might)( have)? (be|been) (a (lot|little|bit) |much |way )?worse\b/giu, 0.4],
  // Praise by impossibility: "couldn't be happier", "couldn't have asked for better".
  [
    /\b(could|can)(n't|not| not) (have )?(be|been|ask|asked)( for)? (any |much |a lot )?(better|happier|more \w+)\b/giu,
    0.6,
  ],
  [/\bnever\b[^.!?]{0,30}?\bagain\b/giu, -0.6],
  [/\bso[- ]so\b/giu, 0],
  [/\b(gave|give|giving) up\b|\bstill waiting\b|\brepeat(ing)? myself\b|\bin circles\b/giu, -0.5],
];

/** "7/10", "4/5": a score written out. */
export const writtenScore = /\b(\d{1,2})\s*\/\s*(5|10)\b/gu;

export function phrasePolarity(text: string): { rest: string; polarity: number } {
  let polarity = 0;
  let rest = text.replace(writtenScore, (_match, got: string, of: string) => {
    polarity += Math.max(-1, Math.min(1, (2 * Number(got)) / Number(of) - 1));
    return " ";
  });
  for (const [pattern, score] of phrases)
    rest = rest.replace(pattern, () => {
      polarity += score;
      return " ";
    });
  return { rest, polarity };
}
