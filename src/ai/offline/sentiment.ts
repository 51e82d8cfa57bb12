import type { SentimentOutcome, SentimentRequest } from "../../engine/ports.ts";
import { ratingLeaning, sentimentFromRating, sentimentOfScore } from "../rating-sentiment.ts";
import { readComment } from "./comment-polarity.ts";
import type { SentenceEmbedder } from "./embeddings.ts";
import { feedbackMeaning } from "./feedback-meaning.ts";

/**
 * How the comment and the rating combine. The comment leads: a clear comment decides even
 * against the rating ("the worst support I have ever had" with 3 stars is negative, "not
 * helpful at all" with 5 too); a comment with little polarity of its own ("ok", "thanks!",
 * "nothing to add", a hedged "it works I guess") is settled by the rating.
 */
export const sentimentWeights = {
  /** A comment whose |polarity| reaches this speaks for itself (one plain polar word, "slow" or "not bad", does). */
  clearPolarity: 0.3,
  /** Share of the rating's leaning (-1..1) added to the comment's polarity in the score. */
  rating: 0.3,
};

/** Offline sentiment of a piece of feedback; with no comment the rating decides. */
export function classifySentimentOffline(request: SentimentRequest): SentimentOutcome {
  return readByWords(request).outcome;
}

/**
 * The outcome by words and rating, and whether the comment is worth reading for what it
 * describes: its words were not clear enough to decide, and it is neither lukewarm ("did what I
 * asked, nothing more") nor only a question to the business ("where do I put a promo code?").
 */
function readByWords(request: SentimentRequest): { outcome: SentimentOutcome; undecided: boolean } {
  const comment = request.comment?.trim() ?? "";
  if (comment === "") return { outcome: sentimentFromRating(request.rating), undecided: false };
  const { polarity, hedged, onlyAsks } = readComment(comment);
  const score = Math.max(-1, Math.min(1, polarity + sentimentWeights.rating * ratingLeaning(request.rating)));
  const commentDecided = Math.abs(polarity) >= sentimentWeights.clearPolarity;
  const sentiment = commentDecided
    ? sentimentOfScore(polarity, sentimentWeights.clearPolarity)
    : sentimentFromRating(request.rating).sentiment;
  return {
    outcome: { sentiment, score, classifier: "offline-wink" },
    undecided: !commentDecided && !hedged && !onlyAsks,
  };
}

/**
 * As `classifySentimentOffline`, and with a neutral rating (3) a comment without clear polarity
 * is read for what it describes (`feedback-meaning.ts`): "it sent me to a hotel that doesn't
 * exist" with 3 stars is a complaint, not the rating's neutral. A comment whose meaning is
 * unclear, or close to the neutral side, stays neutral; so does every such comment while the
 * model is unavailable. With another rating the rating settles an unclear comment, as before:
 * the encoder does not read negation ("weren't relevant" sits near "spot on").
 */
export async function classifySentimentWithMeaning(
  request: SentimentRequest,
  embedder: SentenceEmbedder,
): Promise<SentimentOutcome> {
  const { outcome: byWords, undecided } = readByWords(request);
  // The rating is the context: 1–2 and 4–5 say which way an unclear comment leans; 3 says nothing.
  if (request.rating !== 3 || !undecided) return byWords;
  const comment = request.comment?.trim() ?? "";
  const side = await feedbackMeaning(comment.slice(0, MAX_COMMENT_CHARS), embedder);
  if (side === undefined || side === "neutral" || side === byWords.sentiment) return byWords;
  const score = side === "negative" ? Math.min(byWords.score, -0.3) : Math.max(byWords.score, 0.3);
  return { sentiment: side, score, classifier: "offline-embeddings" };
}

/** As the intent matcher cuts a line: the encoder reads little of a long text, and its cost grows with length. */
const MAX_COMMENT_CHARS = 500;
