import { describe, expect, it } from "vitest";
import { classifySentimentOffline } from "../../src/ai/offline/sentiment.ts";
import { sentimentFromRating } from "../../src/ai/rating-sentiment.ts";

const sentimentOf = (rating: number, comment: string | null) => classifySentimentOffline({ rating, comment }).sentiment;

describe("offline sentiment", () => {
  it("should let the rating decide when there is no comment", () => {
    expect([1, 2, 3, 4, 5].map((rating) => sentimentOf(rating, null))).toEqual([
      "negative",
      "negative",
      "neutral",
      "positive",
      "positive",
    ]);
    expect(sentimentOf(4, "   ")).toBe("positive");
    expect(sentimentFromRating(1).classifier).toBe("rating");
  });

  it("should handle negation", () => {
    expect(sentimentOf(3, "not helpful at all")).toBe("negative");
    expect(sentimentOf(3, "not bad")).toBe("positive");
    expect(sentimentOf(3, "I didn't like it")).toBe("negative");
    expect(sentimentOf(3, "I couldn't be happier")).toBe("positive");
  });

  it("should let a clear comment outweigh a contradicting rating", () => {
    expect(sentimentOf(5, "not helpful at all")).toBe("negative");
    expect(sentimentOf(1, "excellent, exactly what I needed")).toBe("positive");
  });

  it("should read lukewarm comments as neutral", () => {
    expect(sentimentOf(3, "ok I guess")).toBe("neutral");
    expect(sentimentOf(3, "it was fine")).toBe("neutral");
    expect(sentimentOf(3, "meh")).toBe("neutral");
  });

  it("should read a wish for better as negative", () => {
    expect(sentimentOf(3, "could be better")).toBe("negative");
    expect(sentimentOf(3, "the answers should have been a lot faster")).toBe("negative");
  });

  it("should let the rating settle a comment without polarity", () => {
    expect(sentimentOf(1, "never again")).toBe("negative");
    expect(sentimentOf(5, "it worked")).toBe("positive");
  });

  it("should keep the score within -1..1 and name its classifier", () => {
    const outcome = classifySentimentOffline({ rating: 5, comment: "amazing, excellent, perfect, wonderful" });
    expect(outcome.score).toBeLessThanOrEqual(1);
    expect(outcome.score).toBeGreaterThan(0);
    expect(outcome.classifier).toBe("offline-wink");
  });
});
