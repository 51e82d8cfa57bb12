import { describe, expect, it } from "vitest";
import { botTexts, converse } from "../utils/converse.ts";
import { loadFlow } from "../utils/flows.ts";

describe("coffee.json, walked as the smoke test walks it", () => {
  it("should greet, retry, take a review mid-choice and finish the order", async () => {
    const chat = converse(loadFlow("test/fixtures/coffee.json"));

    const greeting = await chat.start();
    expect(botTexts(greeting)).toEqual(["Hi Ada! Espresso or latte?"]);
    expect(greeting.outcome).toEqual({ type: "waiting", blockId: "pick" });

    const mocha = await chat.say("mocha");
    expect(botTexts(mocha)).toEqual(["Espresso or latte, please."]);
    expect(chat.state.retries).toBe(1);

    const review = await chat.say("I'd like to leave a review");
    expect(botTexts(review)).toEqual(["Please rate your experience from 1-5"]);
    expect(review.outcome).toEqual({ type: "waiting", blockId: "rating" });

    const six = await chat.say("6");
    expect(botTexts(six)).toEqual(["A whole number from 1 to 5, please."]);

    const five = await chat.say("5");
    expect(botTexts(five)).toEqual(["Anything to add?"]);

    const comment = await chat.say("Lovely coffee, friendly and fast!");
    expect(botTexts(comment)).toEqual(["Thanks for your feedback!"]);
    expect(comment.outcome).toEqual({ type: "waiting", blockId: "pick" });
    expect(comment.feedback).toEqual([
      {
        blockId: "save",
        rating: 5,
        comment: "Lovely coffee, friendly and fast!",
        sentiment: "positive",
        score: 0.8,
        classifier: "fake-rating",
      },
    ]);
    // The interrupted wait kept its retry count: one retry was already used before the review.
    expect(chat.state.retries).toBe(1);

    const latte = await chat.say("latte");
    expect(botTexts(latte)).toEqual(["One latte coming up.", "Enjoy!"]);
    expect(latte.outcome).toEqual({ type: "ended" });
    expect(latte.state.ended).toBe(true);
  });

  it("should keep every turn's state JSON-serialisable", async () => {
    const chat = converse(loadFlow("test/fixtures/coffee.json"));
    await chat.start();
    await chat.say("review");
    expect(JSON.parse(JSON.stringify(chat.state))).toEqual(chat.state);
  });
});
