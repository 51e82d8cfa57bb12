import { describe, expect, it } from "vitest";
import { toUnitVector } from "../../src/ai/offline/embeddings.ts";
import { groupByNormalisedText, groupBySimilarity, tallyLines } from "../../src/ai/offline/group-similar-lines.ts";

// Three topics on three axes; a line leans a little towards a second axis.
const vectorOf: Record<string, number[]> = {
  "what time do you open?": [1, 0.2, 0],
  "are you open on sunday": [1, 0, 0.3],
  "opening hours": [0.9, 0.3, 0.1],
  "Opening hours!": [0.9, 0.3, 0.1],
  "where is my parcel": [0.1, 1, 0],
  "my package is late": [0, 1, 0.2],
  "banana bread": [0, 0.1, 1],
};
const vectors = (lines: { text: string }[]) => lines.map((line) => toUnitVector(vectorOf[line.text]!));

describe("tallyLines", () => {
  it("should count exact repeats once each, trimmed, most said first and ties by text", () => {
    expect(tallyLines(["b", " a", "a ", "c", "b", "a", "  "])).toEqual([
      { text: "a", count: 3 },
      { text: "b", count: 2 },
      { text: "c", count: 1 },
    ]);
  });
});

describe("groupBySimilarity", () => {
  const said = [
    "opening hours",
    "where is my parcel",
    "what time do you open?",
    "banana bread",
    "are you open on sunday",
    "what time do you open?",
    "my package is late",
    "opening hours",
    "opening hours",
  ];

  it("should put lines about one topic in one group, biggest group first, repeats counted but shown once", () => {
    const lines = tallyLines(said);
    expect(groupBySimilarity(lines, vectors(lines))).toEqual([
      { examples: ["opening hours", "what time do you open?", "are you open on sunday"], count: 6 },
      { examples: ["my package is late", "where is my parcel"], count: 2 },
      { examples: ["banana bread"], count: 1 },
    ]);
  });

  it("should give the same groups whatever order the lines came in", () => {
    const lines = tallyLines(said);
    const reversed = tallyLines([...said].reverse());
    expect(groupBySimilarity(reversed, vectors(reversed))).toEqual(groupBySimilarity(lines, vectors(lines)));
  });

  it("should keep every line apart above a threshold of 1, and keep at most maxExamples examples", () => {
    const lines = tallyLines(said);
    expect(groupBySimilarity(lines, vectors(lines), { threshold: 1.01 })).toHaveLength(6);
    const [hours] = groupBySimilarity(lines, vectors(lines), { maxExamples: 2 });
    expect(hours).toEqual({ examples: ["opening hours", "what time do you open?"], count: 6 });
  });

  it("should count lines that differ only in case or punctuation, and show the most said spelling once", () => {
    const lines = tallyLines([...said, "Opening hours!"]);
    const [hours] = groupBySimilarity(lines, vectors(lines));
    expect(hours).toEqual({
      examples: ["opening hours", "what time do you open?", "are you open on sunday"],
      count: 7,
    });
  });

  it("should answer no groups for no lines", () => {
    expect(groupBySimilarity([], [])).toEqual([]);
  });
});

describe("groupByNormalisedText", () => {
  it("should group lines that differ only in case, punctuation and spaces, shown once in the most said spelling", () => {
    const lines = tallyLines(["Opening hours?", "opening  hours", "opening hours", "opening hours", "refund"]);
    expect(groupByNormalisedText(lines)).toEqual([
      { examples: ["opening hours"], count: 4 },
      { examples: ["refund"], count: 1 },
    ]);
  });
});
