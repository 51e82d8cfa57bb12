import type { Sentiment, SentimentOutcome } from "../engine/ports.ts";

/** The rating's own leaning, -1 (1 star) .. 1 (5 stars), 0 for the middle of the scale. */
export function ratingLeaning(rating: number): number {
  return Math.max(-1, Math.min(1, (rating - 3) / 2));
}

/** What a rating alone says: 4–5 positive, 3 neutral, 1–2 negative. */
export function sentimentFromRating(rating: number): SentimentOutcome {
  const sentiment: Sentiment = rating >= 4 ? "positive" : rating <= 2 ? "negative" : "neutral";
  return { sentiment, score: ratingLeaning(rating), classifier: "rating" };
}

/** Maps a -1..1 score to a label, with a neutral band around zero. */
export function sentimentOfScore(score: number, neutralBand: number): Sentiment {
  if (score >= neutralBand) return "positive";
  if (score <= -neutralBand) return "negative";
  return "neutral";
}
