import { describe, expect, it } from "vitest";
import { readPolarity, readTokens } from "../../src/ai/offline/wink.ts";

describe("wink's tokens of a line", () => {
  it("should find the polar words of a line that was read before", () => {
    const line = "the agent was terrible and rude";
    const tokens = readTokens(line);
    const { tokens: again, spans } = readPolarity(line);
    expect(again).toEqual(tokens);
    expect(spans.length).toBeGreaterThan(0);
    expect(spans.every((span) => span.score < 0)).toBe(true);
  });

  it("should read each line as itself, however many lines were read before", () => {
    const lines = Array.from({ length: 50 }, (_, i) => `find me ${i} cheap flights`);
    const first = lines.map((line) => readTokens(line).normals.join(" "));
    expect(first).toEqual(lines);
    expect(lines.map((line) => readTokens(line).normals.join(" "))).toEqual(lines);
    expect(readTokens("bye").normals).toEqual(["bye"]);
    const long = `${"very ".repeat(60)}long line`;
    expect(readTokens(long).normals).toHaveLength(62);
    expect(readTokens(long)).toEqual(readTokens(long));
  });
});
