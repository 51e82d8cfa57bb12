import { describe, expect, it } from "vitest";
import { readJsonPointer } from "../../src/engine/runtime/readJsonPointer.ts";
import type { JsonValue } from "../../src/engine/types.ts";

const items = ["i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9", "i10", "i11", "i12"];
const DOCUMENT: JsonValue = {
  status: "shipped",
  items,
  "a/b": 1,
  "m~n": 2,
  "~1": 3,
  "": { "": "empty keys" },
  nothing: null,
  a: { "": "under a" },
};

describe("readJsonPointer", () => {
  it.each([
    ["", DOCUMENT],
    ["/status", "shipped"],
    ["/items", items],
    ["/items/0", "i0"],
    ["/items/1", "i1"],
    ["/items/12", "i12"],
    ["/a~1b", 1],
    ["/m~0n", 2],
    ["/~01", 3],
    ["/", { "": "empty keys" }],
    ["//", "empty keys"],
    ["/nothing", null],
  ])("should read %j", (pointer, value) => {
    expect(readJsonPointer(DOCUMENT, pointer)).toEqual(value);
  });

  it.each([
    // Only a leading "/" starts a reference token: no pointer without one names anything.
    ["xstatus"],
    ["xa/"],
    // Array indexes are digits without a leading zero; "-" is past the end.
    ["/items/01"],
    ["/items/00"],
    ["/items/1e0"],
    ["/items/x1"],
    ["/items/-"],
    ["/items/13"],
    ["/items/length"],
    ["/items/0/0"],
    // Only the document's own keys, and nothing inside a string, null or a missing key.
    ["/constructor"],
    ["/status/0"],
    ["/status/length"],
    ["/nothing/x"],
    ["/missing"],
    ["/missing/deeper"],
    ["/a~1b/c"],
    ["/a~2b"],
  ])("should find nothing at %j", (pointer) => {
    expect(readJsonPointer(DOCUMENT, pointer)).toBeUndefined();
  });
});
