import type { SentimentOutcome, SentimentRequest } from "../../engine/ports.ts";
import { ratingLeaning, sentimentFromRating, sentimentOfScore } from "../rating-sentiment.ts";
import { commentPolarity } from "./comment-polarity.ts";

/**
 * How the comment and the rating combine. The comment leads: a clear comment decides even
 * against the rating ("not helpful at all" with 4 stars is negative); a comment with little
 * polarity of its own ("never again", "it worked", "I expected more") is settled by the rating.
 */
export const sentimentWeights = {
  /** A comment whose |polarity| reaches this speaks for itself. */
  clearPolarity: 0.2,
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
