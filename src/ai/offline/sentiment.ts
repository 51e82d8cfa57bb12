import type { SentimentOutcome, SentimentRequest } from "../../engine/ports.ts";
import { ratingLeaning, sentimentFromRating, sentimentOfScore } from "../rating-sentiment.ts";
import { commentPolarity } from "./comment-polarity.ts";

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
  const comment = request.comment?.trim() ?? "";
  if (comment === "") return sentimentFromRating(request.rating);
  const polarity = commentPolarity(comment);
  const score = Math.max(-1, Math.min(1, polarity + sentimentWeights.rating * ratingLeaning(request.rating)));
  const sentiment =
    Math.abs(polarity) >= sentimentWeights.clearPolarity
      ? sentimentOfScore(polarity, sentimentWeights.clearPolarity)
      : sentimentFromRating(request.rating).sentiment;
  return { sentiment, score, classifier: "offline-wink" };
}
