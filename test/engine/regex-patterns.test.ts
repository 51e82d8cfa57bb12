import { describe, expect, it } from "vitest";
import { validateFlow } from "../../src/engine/index.ts";
import { compareValues } from "../../src/engine/runtime/compareValues.ts";
import { BoundedCache } from "../../src/engine/regex/boundedCache.ts";
import { REGEX_MAX_WORK } from "../../src/engine/regex/flow-pattern.ts";
import { callInWorker } from "../utils/call-in-worker.ts";
import { botTexts, converse } from "../utils/converse.ts";
import { buildFlow } from "../utils/flows.ts";

const COMPARE = new URL("../../src/engine/runtime/compareValues.ts", import.meta.url);
const CHECK_REPLY = new URL("../../src/engine/runtime/checkReply.ts", import.meta.url);

// Each call runs in a worker: on a backtracking engine these take hours, and the test's timeout
// (which a blocked test thread could not see) is what fails them.
describe("regular expressions against hostile text", () => {
  it.each([
    ["^(a+)+$", `${"a".repeat(40)}!`],
    [String.raw`^(\w+\s?)*$`, `${"a".repeat(40)}!`],
    [String.raw`/^(\w+\s?)*$/i`, `${"word ".repeat(30)}!`],
    ["(x+x+)+y", "x".repeat(100_000)],
  ])("should answer %s against a hostile text at once, as no match", async (pattern, text) => {
    await expect(callInWorker(COMPARE, "compareValues", [text, "matches", pattern])).resolves.toEqual({
      status: "ok",
      holds: false,
    });
  });

  it("should still find the matches those patterns are written for", () => {
    expect(compareValues("aaaa", "matches", "^(a+)+$")).toEqual({ status: "ok", holds: true });
    expect(compareValues("two words", "matches", String.raw`^(\w+\s?)*$`)).toEqual({ status: "ok", holds: true });
  });

  it("should check an email address in linear time: a 200,000-character non-address", async () => {
    const text = `a@${".".repeat(200_000)}@`;
    await expect(callInWorker(CHECK_REPLY, "checkReply", [{ type: "email" }, text])).resolves.toEqual({
      status: "invalid",
      reason: "not an email address",
    });
  });

  it("should cut off a match whose worst case is too much work, and count it as no match", () => {
    const text = "a".repeat(REGEX_MAX_WORK); // any pattern of more than one instruction is over
    expect(compareValues(text, "matches", "^a+$")).toMatchObject({ status: "regex_cut_off" });
  });
});

describe("JavaScript regex syntax on RE2", () => {
  it.each<[string, string, boolean]>([
    [String.raw`^\u00e9t\u00E9$`, "été", true],
    [String.raw`^\u{1F600}$`, "😀", true],
    [String.raw`^\uD83D\uDE00$`, "😀", true],
    [String.raw`^\\u0041$`, String.raw`\u0041`, true],
    [String.raw`/^n\/a$/i`, "N/A", true],
    [String.raw`(?<year>\d{4})-\d{2}`, "in 2024-05", true],
    [String.raw`\p{L}+`, "émoi", true],
    ["/^bye/y", "bye now", true],
    ["/bye/y", "ok bye", false],
    ["/^b.e$/s", "b\ne", true],
    ["/^two$/m", "one\ntwo", true],
    ["^a[]", "a", false],
    ["^a[^]b$", "a\nb", true],
    ["^[]a]$", "]a]", false],
    [String.raw`^[\]]$`, "]", true],
  ])("should read %s as JavaScript would (on %j: %s)", (pattern, text, holds) => {
    expect(compareValues(text, "matches", pattern)).toEqual({ status: "ok", holds });
  });
});

function conditionFlow(value: string) {
  return {
    schemaVersion: 1,
    name: "Patterns",
    start: "ask",
    blocks: [
      { id: "ask", type: "wait", saveAs: "reply", next: "check" },
      {
        id: "check",
        type: "condition",
        branches: [{ if: { var: "reply", op: "matches", value }, next: "yes" }],
        else: "no",
      },
      { id: "yes", type: "end", text: "yes" },
      { id: "no", type: "end", text: "no" },
    ],
  };
}

describe("patterns at upload", () => {
  it.each([
    [String.raw`^(\w)\1$`, "UNSUPPORTED_REGEX"],
    [String.raw`\k<x>(?<x>a)`, "UNSUPPORTED_REGEX"],
    ["foo(?=bar)", "UNSUPPORTED_REGEX"],
    ["foo(?!bar)", "UNSUPPORTED_REGEX"],
    ["(?<=a)b", "UNSUPPORTED_REGEX"],
    ["/(?<!a)b/i", "UNSUPPORTED_REGEX"],
    ["(unclosed", "INVALID_REGEX"],
    ["/[b-a]/", "INVALID_REGEX"],
    [String.raw`\w{1001}`, "REGEX_TOO_COMPLEX"],
    [String.raw`(\w{100}){100}`, "REGEX_TOO_COMPLEX"],
    [String.raw`\w{600}\d{600}`, "REGEX_TOO_COMPLEX"],
    ["a".repeat(1001), "REGEX_TOO_COMPLEX"],
  ])("should refuse %s with %s at the pattern's path", (value, code) => {
    const result = validateFlow(conditionFlow(value));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([{ path: "/blocks/1/branches/0/if/value", code, message: expect.any(String) }]);
    expect(result.errors[0]?.message).toMatch(code === "UNSUPPORTED_REGEX" ? /lookahead and lookbehind/ : /./);
  });

  it("should report every refused pattern at once, beside schema problems", () => {
    const flow = conditionFlow("(?=x)");
    flow.blocks.push({
      id: "more",
      type: "condition",
      branches: [{ if: { var: "r", op: "matches", value: "(" }, next: "yes" }],
      oops: 1,
    } as never);
    const result = validateFlow(flow);
    expect(result.ok ? [] : result.errors.map((error) => [error.path, error.code])).toEqual([
      ["/blocks/1/branches/0/if/value", "UNSUPPORTED_REGEX"],
      ["/blocks/4/branches/0/if/value", "INVALID_REGEX"],
      ["/blocks/4/oops", "UNKNOWN_FIELD"],
    ]);
  });

  it("should fill a pattern's variables in as literal text, so a customer's words stay words", async () => {
    const flow = buildFlow([
      { id: "askWord", type: "wait", saveAs: "word", next: "askLine" },
      { id: "askLine", type: "wait", saveAs: "line", next: "check" },
      {
        id: "check",
        type: "condition",
        branches: [{ if: { var: "line", op: "matches", value: "/^{{word}}!$/i" }, next: "yes" }],
        else: "no",
      },
      { id: "yes", type: "end", text: "yes" },
      { id: "no", type: "end", text: "no" },
    ]);
    const literal = converse(flow);
    await literal.start();
    await literal.say("a.c");
    expect(botTexts(await literal.say("A.C!"))).toEqual(["yes"]);
    const injected = converse(flow);
    await injected.start();
    await injected.say("(a+)+");
    expect(botTexts(await injected.say("aaaa!"))).toEqual(["no"]);
  });

  it("should load a stored version whose pattern RE2 refuses when asked not to check patterns", () => {
    expect(validateFlow(conditionFlow("a(?=b)"), { checkPatterns: false }).ok).toBe(true);
  });
});

describe("the compiled-pattern cache", () => {
  it("should compute each key once while it is kept, and forget the least recently used first", () => {
    const computed: string[] = [];
    const cache = new BoundedCache<string, number>(2);
    const get = (key: string) => cache.getOrCompute(key, (k) => (computed.push(k), k.length));
    get("a");
    get("bb");
    get("a"); // a hit: "bb" is now the least recently used
    get("ccc"); // evicts "bb"
    get("a");
    get("bb");
    expect(computed).toEqual(["a", "bb", "ccc", "bb"]);
    expect(cache.size).toBe(2);
  });
});
