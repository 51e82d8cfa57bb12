import { describe, expect, it } from "vitest";
import { learnedWords, MAX_LEARNED_WORDS, readPolarity, readTokens } from "../../src/ai/offline/wink.ts";

describe("wink's memory of words outside its lexicon", () => {
  it("should stay bounded however many new words customers write, and read lines the same after a reload", () => {
    const comment = "the delivery was not good, order xq81z came late";
    const first = readPolarity(comment);
    // Order numbers and typos: every one a word wink has never seen.
    let line = 0;
    let highest = 0;
    while (line * 10 < MAX_LEARNED_WORDS * 1.5) {
      const words = Array.from({ length: 10 }, (_, k) => `zq${line}x${k}`);
      readTokens(`my order ${words.join(" ")} is late`);
      highest = Math.max(highest, learnedWords());
      line++;
    }
    expect(highest).toBeGreaterThan(MAX_LEARNED_WORDS * 0.9);
    expect(highest).toBeLessThanOrEqual(MAX_LEARNED_WORDS + 10);
    expect(learnedWords()).toBeLessThan(MAX_LEARNED_WORDS * 0.6);
    const again = readPolarity(comment);
    expect(again).toEqual(first);
    expect(again.tokens.known).toContain(false);
  });
});
