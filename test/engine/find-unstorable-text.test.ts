import { describe, expect, it } from "vitest";
import {
  describeUnstorableText,
  findUnstorableText,
  MAX_FLOW_DEPTH,
} from "../../src/engine/validation/findUnstorableText.ts";
import { validateFlow } from "../../src/engine/validation/validateFlow.ts";

const NUL = "contains the NUL character (U+0000)";
const SURROGATE = "contains a lone UTF-16 surrogate (not a Unicode character)";

/** `depth` arrays, one inside the other, around `inner`. */
function nested(depth: number, inner: unknown): unknown {
  let value = inner;
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
}

const byPath = (problems: { path: string }[]) => [...problems].sort((a, b) => a.path.localeCompare(b.path));

describe("describeUnstorableText", () => {
  it("should name the NUL character and lone surrogates, and accept any other text", () => {
    expect(describeUnstorableText("a\u0000b")).toBe(NUL);
    expect(describeUnstorableText("a\ud800b")).toBe(SURROGATE);
    expect(describeUnstorableText("\udc00")).toBe(SURROGATE);
    expect(describeUnstorableText("café 😀 \u0001")).toBeUndefined();
    expect(describeUnstorableText("")).toBeUndefined();
  });
});

describe("findUnstorableText", () => {
  it("should point at every unstorable string and field name with INVALID_VALUE", () => {
    const problems = findUnstorableText({ a: ["ok", "x\u0000"], "k\ud800": 1, "a/b": { "c~d": "\ud83d" } });
    expect(byPath(problems)).toEqual([
      { path: "/a/1", code: "INVALID_VALUE", message: `This text ${NUL}, which cannot be stored.` },
      { path: "/a~1b/c~0d", code: "INVALID_VALUE", message: `This text ${SURROGATE}, which cannot be stored.` },
      { path: "/k\ud800", code: "INVALID_VALUE", message: `This field name ${SURROGATE}, which cannot be stored.` },
    ]);
  });

  it("should check the document itself when it is a string, and pass numbers, booleans and null", () => {
    expect(findUnstorableText("\u0000")).toEqual([
      { path: "", code: "INVALID_VALUE", message: `This text ${NUL}, which cannot be stored.` },
    ]);
    expect(findUnstorableText([null, 1, true, { a: null }, "fine"])).toEqual([]);
  });

  it("should look into the holes' neighbours of a sparse array", () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(findUnstorableText([, "\u0000"]).map((problem) => problem.path)).toEqual(["/1"]);
  });

  it(`should accept ${MAX_FLOW_DEPTH} levels of nesting and refuse the next, once, without looking deeper`, () => {
    expect(MAX_FLOW_DEPTH).toBe(32);
    expect(findUnstorableText(nested(MAX_FLOW_DEPTH, "x"))).toEqual([]);
    expect(findUnstorableText(nested(MAX_FLOW_DEPTH + 8, "\u0000"))).toEqual([
      {
        path: "/0".repeat(MAX_FLOW_DEPTH),
        code: "INVALID_VALUE",
        message: "The flow is nested deeper than 32 levels here.",
      },
    ]);
    expect(findUnstorableText({ a: nested(MAX_FLOW_DEPTH, {}) }).map((problem) => problem.path)).toEqual([
      `/a${"/0".repeat(MAX_FLOW_DEPTH - 1)}`,
    ]);
  });

  it("should make validateFlow refuse a flow with unstorable text, at its JSON pointer", () => {
    const result = validateFlow({
      schemaVersion: 1,
      name: "x",
      start: "a",
      blocks: [
        { id: "a", type: "message", text: "hi\u0000", next: "b" },
        { id: "b", type: "end" },
      ],
    });
    expect(result).toMatchObject({
      ok: false,
      errors: [{ path: "/blocks/0/text", code: "INVALID_VALUE", message: `This text ${NUL}, which cannot be stored.` }],
    });
  });
});
