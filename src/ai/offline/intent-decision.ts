import type { IntentScore } from "./intent-scores.ts";
import type { LineScores } from "./score-line.ts";

/**
 * Maps scores to a probability that the line means the best intent: a logistic curve over the
 * evidence (similarity + lexicalWeight × overlap). Its midpoint, where a match and "none" are
 * equally likely, grows with the log of the intent's sentence count, because the best of more
 * sentences is higher by chance: fits of in-scope against out-of-scope lines
 * (`npm run eval -- --fit`) put it near 0.45 for a description alone and 0.50 with three
 * examples. A line close to everyday chat (greetings, "ok") raises the midpoint to its
 * similarity there less a margin: the intent has to beat both. The numbers belong to the
 * USE-lite model: another embedder needs a new fit.
 */
export const intentCalibration = {
  /** Weight of word overlap added to the cosine; small, because overlap misses paraphrases. */
  lexicalWeight: 0.15,
  /**
   * Weight of the words' nearness in meaning (`IntentScore.meaning`, a contrast between the
   * intents, so it moves the choice more than the bar). On the tuning domain set 0.2–0.35 tie
   * and 0.15 does worse described only; from 0.3 the default block takes a wrong goodbye, so
   * the lowest of the tie (src/ai/README.md).
   */
  meaningWeight: 0.2,
  /**
   * Midpoint for an intent described by one sentence. The fit gave 0.45; once neighbouring
   * library topics stood for "none" (`libraryRivalMargin`), 0.43 read more lines in scope on
   * the tuning domain sets (described only 80.6 → 82.2 %, with examples 87.8 → 88.3 %) with
   * their out-of-scope lines unchanged; 0.41 cost out-of-scope lines and a wrong goodbye.
   */
  midpoint: 0.43,
  /** Midpoint growth per natural-log unit of sentences (0.05 / ln 4: +0.05 at four sentences). */
  midpointGrowth: 0.036,
  slope: 20,
  /**
   * How far below its similarity to everyday chat a line may still match an intent. Goodbyes are
   * social lines too: in the tuning set the closest one sat 0.12 below, the closest greeting or
   * "ok" 0.26. 0.15 errs towards none, because a wrong none costs one small-talk reply while a
   * wrong goodbye ends the conversation.
   */
  everydayChatMargin: 0.15,
  /**
   * How far below its similarity to a neighbouring library topic no intent covers
   * (`libraryLinesFor`'s rivals: "set an alarm" beside a timer intent) a line may still match an
   * intent. On the eval sets 0 and 0.05 took 4–8 points of in-scope lines to none for the
   * out-of-scope ones they caught; 0.15 catches fewer (out of scope +2–3 points on the tuning
   * domains, +7–8 on the assistant set) for about a point in scope (src/ai/README.md).
   */
  libraryRivalMargin: 0.15,
  /** Without embeddings: probability = base + gain × overlap, so one shared topic word ≈ 0.55. */
  lexicalOnlyBase: 0.35,
  lexicalOnlyGain: 0.4,
};

export interface IntentDecision {
  /** The intent, or null when "none of them" is more likely than the best intent. */
  intent: string | null;
  /** Probability of the answer given: of the intent, or for null of "none". */
  confidence: number;
  /** Which evidence decided: sentence embeddings, or word overlap alone (model unavailable). */
  stage: "embeddings" | "lexical";
}

export interface DecideOptions {
  /** Below this probability of the best intent the answer is "none". @default 0.5 */
  noneBelow?: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** What speaks for an intent with embeddings: cosine, word overlap and the words' nearness in meaning. */
export function intentEvidence(score: IntentScore): number | undefined {
  const c = intentCalibration;
  return score.similarity === undefined
    ? undefined
    : score.similarity + c.lexicalWeight * score.lexical + c.meaningWeight * score.meaning;
}

/** The scores best first: by evidence, or by word overlap without embeddings. */
export function rankScores(scores: IntentScore[]): IntentScore[] {
  return [...scores].sort(
    (a, b) => (intentEvidence(b) ?? b.lexical) - (intentEvidence(a) ?? a.lexical) || b.lexical - a.lexical,
  );
}

/** The probability that the best-scored intent (the first of `rankScores`) is what the line means (0..1). */
export function matchProbability(
  scores: IntentScore[],
  everydayChat?: number,
  libraryRival?: number,
): { probability: number; stage: IntentDecision["stage"] } {
  const [best, runnerUp] = scores;
  if (best === undefined) return { probability: 0, stage: "lexical" };
  const c = intentCalibration;
  const evidence = intentEvidence(best);
  if (evidence !== undefined) {
    const midpoint = c.midpoint + c.midpointGrowth * Math.log(Math.max(1, best.prototypeCount));
    // An intent that took everyday lines as its own (a goodbye intent the farewells) meets everyday
    // chat like for like: no margin. With one, "perfect" and "I have a question" were goodbyes.
    const margin = best.adoptsEveryday ? 0 : c.everydayChatMargin;
    const bar = Math.max(
      midpoint,
      everydayChat === undefined ? -1 : everydayChat - margin,
      libraryRival === undefined ? -1 : libraryRival - c.libraryRivalMargin,
    );
    return { probability: sigmoid(c.slope * (evidence - bar)), stage: "embeddings" };
  }
  // Word overlap alone cannot tell a tie apart, and nothing shared means nothing to go on.
  const lexicalBest = Math.max(...scores.map((score) => score.lexical));
  const tied = runnerUp !== undefined && runnerUp.lexical >= best.lexical;
  if (lexicalBest === 0 || tied) return { probability: c.lexicalOnlyBase, stage: "lexical" };
  return { probability: Math.min(1, c.lexicalOnlyBase + c.lexicalOnlyGain * best.lexical), stage: "lexical" };
}

/** Picks the intent, or none, from the scores of one line. */
export function decideIntent(
  { scores, words, everydayChat, libraryRival }: LineScores,
  options: DecideOptions = {},
): IntentDecision {
  const noneBelow = options.noneBelow ?? 0.5;
  const { probability, stage } = matchProbability(scores, everydayChat, libraryRival);
  const best = scores[0];
  // Words neither English nor a typo of an intent's words ("asdfgh jkl"): embeddings of such
  // strings drift towards arbitrary intents, so there is nothing to route. A name among English
  // function words ("put on Spotify") is a sentence, left to the embeddings.
  const gibberish =
    words.forms.length > 0 && words.knownCount === 0 && words.functionWords === 0 && (best?.lexical ?? 0) === 0;
  if (best === undefined || gibberish || probability < noneBelow) {
    return { intent: null, confidence: gibberish ? 1 : 1 - probability, stage };
  }
  return { intent: best.id, confidence: probability, stage };
}
