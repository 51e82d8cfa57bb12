import { describe, expect, it } from "vitest";
import { measureYamlNesting } from "../../src/engine/validation/measureYamlNesting.ts";

const flow = (text: string) => measureYamlNesting(text).flow;
const indent = (text: string) => measureYamlNesting(text).indent;

describe("measureYamlNesting", () => {
  it("should count the deepest bracket nesting, not the number of brackets", () => {
    expect(measureYamlNesting("[[{}]]")).toEqual({ flow: 3, indent: 0 });
    expect(flow("[][]{}")).toBe(1);
    expect(flow("a: [1,\n  2]\n      c: 3")).toBe(1);
  });

  it("should not let stray closing brackets lower the depth below zero", () => {
    expect(flow("]][[")).toBe(2);
    expect(flow("}}{{")).toBe(2);
  });

  it.each([
    ["a double-quoted", 'a: "[[["'],
    ["a single-quoted", "a: '[['"],
    ["an escaped double quote in a double-quoted", 'a: "\\"[["'],
    ["a doubled single quote in a single-quoted", "a: 'it''s [['"],
    ["a single quote in a double-quoted", '"a\'[["'],
    ["a tab-separated double-quoted", 'a:\t"[["'],
  ])("should not count brackets inside %s string", (_, text) => {
    expect(flow(text)).toBe(0);
  });

  it("should count brackets again after a string closes", () => {
    expect(flow('a: "x" [[')).toBe(2);
    expect(flow('a: "xy" [[')).toBe(2);
    // Only a single-quoted string escapes its quote by doubling it; a quote right after a string starts none.
    expect(flow(`a: "a"'[['`)).toBe(2);
    expect(flow('a: "a""[["')).toBe(2);
  });

  it("should not take a backslash for an escape in a single-quoted string", () => {
    expect(flow("'a\\'[[")).toBe(2);
  });

  it("should take a quote for the start of a string only after a space, a line break, `[`, `{` or `,`", () => {
    expect(flow("a: it's [x]")).toBe(1);
    expect(flow("a: x'[['")).toBe(2);
    expect(flow(`["[[", '[[']`)).toBe(1);
    expect(flow('[a,"[["]')).toBe(1);
    expect(flow('{"[[": 1}')).toBe(1);
    expect(flow('[\n"[["]')).toBe(1);
  });

  it("should skip comments, which start with `#` after a space, a tab or at a line's start", () => {
    expect(flow("a: 1 # [[[")).toBe(0);
    expect(flow("a:\t# [[")).toBe(0);
    expect(flow("# [[[\nb: [1]")).toBe(1);
    expect(measureYamlNesting("# x\n    b: 1")).toEqual({ flow: 0, indent: 4 });
    expect(flow("[\n# [[\n]")).toBe(1);
    expect(flow("a: b#[[")).toBe(2);
  });

  it("should measure the widest block indentation in columns, spaces and tabs alike", () => {
    expect(indent("a:\n    b: 1")).toBe(4);
    expect(indent("    a\nb")).toBe(4);
    expect(indent("\t\tx")).toBe(2);
    expect(indent("a: [1,\n  2]\n      c: 3")).toBe(6);
  });

  it("should count compact `- `, `? ` and `: ` indicators as two columns each, only before a space or tab", () => {
    expect(indent("- - - x")).toBe(6);
    expect(indent("? a\n: b")).toBe(2);
    expect(indent("? a\n:   b")).toBe(4);
    expect(indent(": - x")).toBe(4);
    expect(indent("-\tx")).toBe(2);
    expect(indent("?\tx")).toBe(2);
    expect(indent("-1")).toBe(0);
    expect(indent(":x")).toBe(0);
  });

  it("should not measure indentation inside brackets or quotes, which YAML does not nest by", () => {
    expect(measureYamlNesting("[\n        x]")).toEqual({ flow: 1, indent: 0 });
    expect(measureYamlNesting('"a\n      b"')).toEqual({ flow: 0, indent: 0 });
  });
});
