import { beforeAll, describe, expect, it } from "vitest";
import { commentPolarity } from "../../src/ai/offline/comment-polarity.ts";
import { createSentenceEmbedder } from "../../src/ai/offline/embeddings.ts";
import { classifySentimentOffline, classifySentimentWithMeaning } from "../../src/ai/offline/sentiment.ts";
import { sentimentFromRating } from "../../src/ai/rating-sentiment.ts";
import type { Sentiment } from "../../src/engine/ports.ts";

const sentimentOf = (rating: number, comment: string | null) => classifySentimentOffline({ rating, comment }).sentiment;

const commentCases: Record<string, [number, string, Sentiment][]> = {
  "should read a clear comment against a middle rating": [
    [3, "The assistant was fantastic, solved my problem in a minute!", "positive"],
    [3, "The worst support I have ever had", "negative"],
    [3, "it solved my problem", "positive"],
    [4, "nice interface but useless answers", "negative"],
  ],
  "should negate only what a negator reaches": [
    [3, "never again", "negative"],
    [5, "never using this again", "negative"],
    [4, "did not answer my question", "negative"],
    [3, "nobody helped me", "negative"],
    [4, "nothing to complain about", "positive"],
    [3, "no issues, it did the job", "positive"],
    [3, "it found my booking", "neutral"], // "found", "answered": only their failure is a verdict
  ],
  "should weigh boosters and downtoners": [
    [3, "incredibly slow", "negative"],
    [3, "it was alright, a bit slow", "neutral"],
  ],
  "should let the clause after a contrast lead": [
    [3, "slow but in the end it solved it", "positive"],
    [3, "friendly, but it couldn't answer my question", "negative"],
    [3, "good intentions but it failed to help", "negative"],
    [4, "good but a bit slow", "positive"],
  ],
  "should read hedged comments as lukewarm": [
    [3, "it works I guess", "neutral"],
    [3, "kind of helpful", "neutral"],
    [3, "somewhat useful", "neutral"],
    [3, "so-so", "neutral"],
  ],
  "should let the rating settle short polite or lukewarm comments": [
    [3, "thanks!", "neutral"],
    [5, "thanks!", "positive"],
    [4, "ok", "positive"],
    [2, "ok", "negative"],
    [1, "meh", "negative"],
    [3, "not ok", "negative"],
    [3, "👎", "negative"],
    [1, "it works", "negative"],
    [3, "Fine for a quick check of the weather", "neutral"],
  ],
  "should read support-feedback wording a general lexicon misses": [
    [3, "far too many questions", "negative"],
    [3, "not too many questions, quick answers", "positive"],
    [4, "the bot ignored what I asked", "negative"],
    [3, "it should have asked for my order number first", "negative"],
    [3, "not once did it answer me", "negative"],
    [3, "it couldn't find me a single flight", "negative"],
    [3, "not a single problem", "positive"],
    [1, "brilliant, oops I pressed 1", "positive"],
    [3, "not sure yet, waiting to see if it arrives", "neutral"],
    [3, "great bot, shame about the wait", "negative"],
    [5, "never had such quick help", "positive"],
    [3, "never had a problem", "positive"],
    [4, "it didn't help", "negative"],
    [3, "it linked a page that doesn't exist", "negative"],
    [5, "far from useful", "negative"],
    [3, "no further comment", "neutral"],
    [5, "nothing more to say", "positive"],
    [5, "it kept showing me the same hotels", "negative"],
    [3, "polite enough but it never found my reservation", "negative"],
    [4, "wish it would keep my seat choice", "negative"],
    [5, "it'd be nicer if the replies were shorter", "negative"],
    [4, "could not tell me the opening times", "negative"],
    [3, "it didn't read my booking reference", "negative"],
  ],
  "should read what is still undone, left to the customer or waited for": [
    [5, "the replacement STILL hasn't arrived", "negative"],
    [4, "friendly agent but my order is still missing", "negative"],
    [1, "polite, but the fault still isn't fixed", "negative"],
    [4, "ok but I had to explain everything twice", "negative"],
    [5, "why do I have to type my address every time?", "negative"],
    [4, "waited 30 minutes for an answer", "negative"],
    [4, "good but the queue for a person was way too long", "negative"],
    [4, "would be handy if it kept my card details", "negative"],
    [5, "could do with an evening chat option", "negative"],
    [2, "could of been faster", "negative"],
    [1, "a bit slow, but it got there in the end", "positive"],
    [2, "legend, thanks", "positive"],
  ],
  "should read asking again, not getting what was wanted, and fixing fast": [
    [5, "took four attempts before it understood my name", "negative"],
    [4, "I typed my order number three times", "negative"],
    [4, "wasnt what i needed", "negative"],
    [4, "not quite what I asked for", "negative"],
    [5, "the bot kept not understanding me", "negative"],
    [3, "would have been nice to get a reference number", "negative"],
    [5, "would love an option to pay monthly", "negative"],
    [3, "kinda useful kinda not", "neutral"],
    [1, "it sorted the double booking out in minutes", "positive"],
    [2, "the lady on the phone went above and beyond", "positive"],
    [3, "friendly but my invoice is still wrong", "negative"],
    [4, "lovely manner but it never actually answered me", "negative"],
  ],
  "should not read names and non-verdicts as polarity": [
    [3, "quick question about my delivery slot, answered", "neutral"],
    [3, "it was about a gift card", "neutral"],
    [3, "no better or worse than the website", "neutral"],
    [3, "haven't tried the new settings yet", "neutral"],
    [3, "it has not tried to help me", "negative"], // the bot's "not tried" is a complaint
    [4, "no further questions", "positive"],
    [3, "none of the answers were right", "negative"],
  ],
  "should read irony, repeated and lasting failures, and demands": [
    [5, "oh fantastic, the order got cancelled again", "negative"],
    [4, "perfect, billed me twice this month", "negative"],
    [5, "cheers for the help 🙃", "negative"],
    [5, "thanks for nothing", "negative"],
    [3, "the heating has been off for two days now", "negative"],
    [4, "the bill came late for the third month in a row", "negative"],
    [5, "they delivered a kettle instead of a toaster", "negative"],
    [5, "still being asked for documents I sent last week", "negative"],
    [5, "Charged after I closed the account. Sort it out", "negative"],
    [4, "never once got a proper reply", "negative"],
    [2, "the replacement card was sent straight away", "positive"],
    [2, "boiler service done", "positive"],
  ],
  "should not read what was asked about as a verdict": [
    [3, "can you recommend something for a sore throat", "neutral"],
    [3, "do you have anything for a bad back?", "neutral"],
    [3, "friendly, although it couldn't tell me if the jacket is warm enough for winter", "negative"],
    [3, "it said it wasn't sure if the shop was open", "neutral"],
    [3, "asked about my loyalty points", "neutral"],
  ],
  "should weigh plain intensifiers and less of something": [
    [3, "pretty nice chat though it kept freezing", "negative"],
    [4, "a little slow", "negative"],
    [2, "made the whole thing less stressful", "positive"],
  ],
  "should read irony at either end, a wait for an answer, and a chat that came to nothing": [
    [5, "lol perfect, a canned response", "negative"],
    [5, "an hour to get a reply. fantastic.", "negative"],
    [4, "all i got was a link to the faq", "negative"],
    [5, "reported it, nothing happened", "negative"],
    [5, "they gave me a phone number to call", "negative"],
    [4, "the helpline just rings out", "negative"],
    [3, "is the bot always this slow?", "negative"], // a question that complains
  ],
  "should read what was down, closed or still wrong, and what worked out in the end": [
    [5, "the app has been offline for two days", "negative"],
    [5, "no heating the whole weekend", "negative"],
    [4, "the office was closed when we arrived", "negative"],
    [4, "the shop was shut when i got there", "negative"], // not "got there" as in "got there in the end"
    [5, "the tap is still dripping", "negative"],
    [2, "it managed to rebook my slot eventually", "positive"],
    [2, "paying was dead easy", "positive"],
  ],
  "should read texting spellings, a closing 'though', and what a wish or a question names": [
    [5, "wouldve liked a callback", "negative"],
    [5, "helpful bot. terrible app tho", "negative"],
    [5, "the chat was quick and lovely. the checkout is completely broken though", "negative"],
    [3, "can u recommend a good plumber", "neutral"],
    [3, "wanted to know the best time to visit", "neutral"],
    [3, "is the breakfast good there?", "neutral"],
    [3, "would be nice if the prices were clearer", "negative"],
    [3, "reasonably quick", "neutral"],
    [4, "no clue about the opening times", "negative"],
  ],
  "should read money back, success at a later try, and what cost more or came late": [
    [2, "the money for the cancelled order came through today", "positive"],
    [3, "refund still hasn't come through", "negative"], // not while it is still awaited
    [2, "they refunded my ticket", "positive"],
    [2, "payment failed once but worked on the second attempt", "positive"],
    [3, "delivered the same day", "positive"],
    [5, "the final bill was double the quote", "negative"],
    [4, "my premium went up without warning", "negative"],
    [5, "an hour of hold music", "negative"],
    [5, "wow, a whole week to answer one question, impressive", "negative"],
    [4, "second time this week the app logged me out", "negative"],
    [4, "the car park was full again", "negative"],
  ],
  "should read what was left to do, demanded or not done, and 'couldn't be more'": [
    [5, "had to queue at the counter anyway", "negative"],
    [4, "the lights keep flickering, could you sort that out", "negative"],
    [1, "couldn't be more helpful", "positive"],
    [5, "couldnt be more unhelpful", "negative"],
    [5, "could have told me about the delay", "negative"],
    [4, "the driver didn't show up", "negative"],
    [3, "the loss adjuster calls on monday", "neutral"],
  ],
  "should read failures that recur, last or come late, and what came back or arrived": [
    [4, "it keeps sending me the same form", "negative"],
    [5, "the parcel wasn't delivered again", "negative"],
    [5, "had to reschedule twice", "negative"],
    [5, "the drain is still blocked", "negative"],
    [5, "it took 4 calls to get an answer", "negative"],
    [4, "heating off again. third time", "negative"],
    [5, "the delivery came two days late", "negative"],
    [4, "turns out the tickets are non refundable", "negative"],
    [3, "it couldn't actually change my seat", "negative"],
    [2, "the site is back online again", "positive"],
    [2, "the new charger arrived on monday", "positive"],
    [3, "my parcel still hasn't arrived on time", "negative"], // not while it is still awaited
    [1, "sign-up was very straightforward", "positive"],
  ],
  "should read names and questions as no verdict": [
    [3, "my premium is due in may", "neutral"],
    [3, "the fraud team called me back", "neutral"],
    [3, "asked which plan is best for me", "neutral"],
  ],
  "should not score what a comparison is made against": [
    [2, "Much faster than waiting on the phone, thank you", "positive"],
    [3, "worse than the old website", "negative"],
  ],
};

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

  // Each row reads [rating, comment, sentiment]; each group but the last holds cases the wink-mean classifier got wrong; the last guards the supplement ("waiting" is negative, not after "than").
  for (const [name, cases] of Object.entries(commentCases))
    it(name, () => {
      expect(cases.map(([rating, comment]) => sentimentOf(rating, comment))).toEqual(cases.map((c) => c[2]));
    });

  it("should score boosted words stronger and toned-down ones weaker", () => {
    expect(commentPolarity("absolutely terrible")).toBeLessThan(commentPolarity("terrible"));
    expect(commentPolarity("really great")).toBeGreaterThan(commentPolarity("great"));
    expect(commentPolarity("a bit slow")).toBeGreaterThan(commentPolarity("slow"));
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

describe("offline sentiment, reading what a comment describes", () => {
  const embedder = createSentenceEmbedder();
  beforeAll(async () => {
    expect(await embedder.warmUp()).toBe(true);
  });
  const withMeaning = async (rating: number, comment: string) =>
    (await classifySentimentWithMeaning({ rating, comment }, embedder)).sentiment;

  it("should read a complaint or praise without polar words, given a middle rating", async () => {
    // No word of these is polar: by words alone all three were the rating's neutral.
    expect(sentimentOf(3, "I had to say everything twice")).toBe("neutral");
    expect(await withMeaning(3, "I had to say everything twice")).toBe("negative");
    expect(await withMeaning(3, "the suggestions had nothing to do with what I asked")).toBe("negative");
    expect(await withMeaning(3, "it got everything booked for me")).toBe("positive");
  });

  it("should keep a lukewarm comment at a middle rating neutral, whatever it describes", async () => {
    // The sentence model read this one as a complaint.
    expect(await withMeaning(3, "it did what I asked it to, nothing more")).toBe("neutral");
    expect(await withMeaning(3, "it did what i asked, more or less")).toBe("neutral");
  });

  it("should keep a comment that only asks the business something neutral at a middle rating", async () => {
    // The sentence model read this one as a complaint.
    expect(await withMeaning(3, "where do I send the broken part?")).toBe("neutral");
    expect(await withMeaning(3, "can I change the date? it keeps sending me the wrong one")).toBe("negative");
  });

  it("should leave an unclear comment to the rating, and a clear one to its words", async () => {
    expect(await withMeaning(3, "it answered")).toBe("neutral");
    expect(await withMeaning(3, "no comment")).toBe("neutral");
    expect(await withMeaning(5, "I had to say everything twice")).toBe("positive");
    expect(await withMeaning(3, "The worst support I have ever had")).toBe("negative");
    const outcome = await classifySentimentWithMeaning(
      { rating: 3, comment: "it got everything booked for me" },
      embedder,
    );
    expect(outcome).toMatchObject({ sentiment: "positive", classifier: "offline-embeddings" });
    expect(outcome.score).toBeGreaterThanOrEqual(0.3);
  });

  it("should answer by words alone while the sentence model is unavailable", async () => {
    const broken = createSentenceEmbedder({
      loadModel: () => Promise.reject(new Error("no model")),
    });
    expect(await classifySentimentWithMeaning({ rating: 3, comment: "I had to say everything twice" }, broken)).toEqual(
      classifySentimentOffline({ rating: 3, comment: "I had to say everything twice" }),
    );
  });
});
