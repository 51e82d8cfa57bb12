import { describe, expect, it } from "vitest";
import { validateFlow } from "../../src/engine/validation/validateFlow.ts";

const option = (label: string, value = label.toLowerCase()) => ({ label, value });

/** A flow whose one wait block gets `wait`'s fields. */
function validateWait(wait: Record<string, unknown>) {
  return validateFlow({
    schemaVersion: 1,
    name: "Options",
    start: "pick",
    blocks: [
      { id: "pick", type: "wait", saveAs: "topic", next: "done", ...wait },
      { id: "done", type: "end" },
    ],
  });
}

function errorsOf(wait: Record<string, unknown>) {
  const result = validateWait(wait);
  return result.ok ? [] : result.errors;
}

describe("wait block options in an upload", () => {
  it("should accept options, with a choice or without", () => {
    const options = [option("Weather"), option("Travel")];
    expect(validateWait({ options }).ok).toBe(true);
    expect(validateWait({ options, validate: { type: "choice" } }).ok).toBe(true);
    expect(validateWait({ options: [{ label: "Anything", value: "" }] }).ok).toBe(true);
  });

  it("should still accept a choice with a list of its own (the older form)", () => {
    expect(validateWait({ validate: { type: "choice", options: ["yes", "no"] } }).ok).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string, string, RegExp]>([
    ["no options", { options: [] }, "/blocks/0/options", "INVALID_VALUE", /"options" needs at least 1 item/],
    [
      "more than 10 options",
      { options: Array.from({ length: 11 }, (_, i) => option(`Topic ${i + 1}`)) },
      "/blocks/0/options",
      "INVALID_VALUE",
      /"options" may have at most 10 items/,
    ],
    ["an empty label", { options: [option("")] }, "/blocks/0/options/0/label", "INVALID_VALUE", /needs some text/],
    ["a blank label", { options: [option("   ")] }, "/blocks/0/options/0/label", "INVALID_VALUE", /needs some text/],
    [
      "labels that differ only in case",
      { options: [option("Weather"), option("Travel"), option(" WEATHER", "w2")] },
      "/blocks/0/options/2/label",
      "INVALID_VALUE",
      /option 3 has the same label as option 1/,
    ],
    [
      "a value that is no string",
      { options: [{ label: "One", value: 1 }] },
      "/blocks/0/options/0/value",
      "WRONG_TYPE",
      /must be a string/,
    ],
    ["a missing value", { options: [{ label: "One" }] }, "/blocks/0/options/0/value", "MISSING_FIELD", /required/],
    [
      "an unknown option field",
      { options: [{ ...option("One"), emoji: "1" }] },
      "/blocks/0/options/0/emoji",
      "UNKNOWN_FIELD",
      /emoji/,
    ],
    [
      "a choice without options",
      { validate: { type: "choice" } },
      "/blocks/0/validate",
      "INVALID_VALUE",
      /a "choice" accepts only the block's options, and this block has no "options"/,
    ],
    [
      "a choice with options twice",
      { options: [option("Yes")], validate: { type: "choice", options: ["yes"] } },
      "/blocks/0/validate/options",
      "INVALID_VALUE",
      /give the choices once/,
    ],
  ])("should reject %s with a clear message", (_case, wait, path, code, message) => {
    const errors = errorsOf(wait);
    expect(errors).toEqual([{ path, code, message: expect.stringMatching(message) }]);
    expect(errors[0]?.message).toMatch(/^Block "pick": /);
  });
});
