import { describe, expect, it } from "vitest";
import { contentWords, descriptionVariants } from "../../src/ai/offline/description-variants.ts";

describe("description variants", () => {
  it("should add the description's content words, without its frame", () => {
    expect(descriptionVariants("Give me the weather")).toEqual(["Give me the weather", "weather"]);
    expect(descriptionVariants("Check my account balance")).toEqual([
      "Check my account balance",
      "check account balance",
    ]);
    expect(descriptionVariants(" Say goodbye and end the conversation ")).toEqual([
      "Say goodbye and end the conversation",
      "goodbye end conversation",
    ]);
  });

  it("should add nothing when the description is its content words, or has none", () => {
    expect(descriptionVariants("weather")).toEqual(["weather"]);
    expect(descriptionVariants("Do it for me")).toEqual(["Do it for me"]);
    expect(descriptionVariants("   ")).toEqual([]);
  });

  it("should leave numbers and punctuation out of the content words", () => {
    expect(contentWords("Book 2 tickets, please!")).toBe("book tickets");
  });
});
