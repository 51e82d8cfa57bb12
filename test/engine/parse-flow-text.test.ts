import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { FLOW_MAX_EXPANDED_SIZE, parseFlowText } from "../../src/engine/validation/parseFlowText.ts";
import { amplifyingFlowYaml } from "../utils/amplifying-yaml.ts";
import { readRepoFile } from "../utils/flows.ts";

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} is valid JSON`);
}

describe("parseFlowText", () => {
  it("should accept the same flow as JSON and as YAML", () => {
    const json = parseFlowText(readRepoFile("test/fixtures/coffee.json"), "json");
    const yaml = parseFlowText(readRepoFile("flows/default.yaml"), "yaml");
    expect(json.ok && json.flow.name).toBe("Coffee");
    expect(yaml.ok && yaml.flow.name).toBe("Assistant");
  });

  it("should report bad JSON as one INVALID_JSON error with line and column", () => {
    const result = parseFlowText('{\n  "name": "x",\n  oops\n}', "json");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ path: "", code: "INVALID_JSON" });
    expect(result.errors[0]?.message).toMatch(/line 3,? column 3/);
  });

  it("should report bad YAML as one INVALID_YAML error with line and column", () => {
    const result = parseFlowText("name: x\nblocks: [1, 2\nstart: a\n", "yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ path: "", code: "INVALID_YAML" });
    expect(result.errors[0]?.message).toMatch(/line \d+, column \d+/);
  });

  it("should refuse YAML nested past 64 brackets before parsing it, and parse 64", () => {
    const refused = parseFlowText(`a: ${"[".repeat(65)}${"]".repeat(65)}`, "yaml");
    expect(refused).toMatchObject({ ok: false, errors: [{ path: "", code: "INVALID_YAML" }] });
    expect(refused.ok ? "" : refused.errors[0]?.message).toBe(
      "The flow's YAML nests too deeply (65 brackets, 0 columns of indentation; at most 64 and 256).",
    );
    const parsed = parseFlowText(`a: ${"[".repeat(64)}${"]".repeat(64)}`, "yaml");
    expect(parsed.ok ? [] : parsed.errors.map((error) => error.code)).not.toContain("INVALID_YAML");
  });

  it("should refuse YAML indented past 256 columns before parsing it, and parse 256", () => {
    const refused = parseFlowText(`a:\n${" ".repeat(257)}b: 1`, "yaml");
    expect(refused.ok ? "" : refused.errors[0]?.message).toContain("(0 brackets, 257 columns of indentation;");
    const parsed = parseFlowText(`a:\n${" ".repeat(256)}b: 1`, "yaml");
    expect(parsed.ok ? [] : parsed.errors.map((error) => error.code)).not.toContain("INVALID_YAML");
  });

  it("should give V8's JSON error with its line and column once, and no warnings", () => {
    const text = `${"\n".repeat(11)}{"name": "x",          oops}`;
    const v8 = jsonError(text);
    expect(v8).toMatch(/\(line 12 column 24\)$/);
    expect(parseFlowText(text, "json")).toEqual({
      ok: false,
      errors: [{ path: "", code: "INVALID_JSON", message: `The flow is not valid JSON: ${v8}.` }],
      warnings: [],
    });
    expect(parseFlowText("", "json")).toMatchObject({
      errors: [{ message: "The flow is not valid JSON: Unexpected end of JSON input." }],
    });
  });

  it("should give the YAML parser's first problem on one line, with its line and column before it", () => {
    const result = parseFlowText(`${"\n".repeat(11)}name:          "x`, "yaml");
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: "",
          code: "INVALID_YAML",
          message: 'The flow is not valid YAML at line 12, column 18: Missing closing "quote',
        },
      ],
      warnings: [],
    });
  });

  it("should read `<<` as a plain key, not a YAML 1.1 merge", () => {
    const text =
      "schemaVersion: 1\nname: x\nstart: a\nbase: &b { text: hi }\nblocks:\n  - id: a\n    type: end\n    <<: *b\n";
    const result = parseFlowText(text, "yaml");
    expect(result.ok ? [] : result.errors.map(({ path, code }) => ({ path, code }))).toContainEqual({
      path: "/blocks/0/<<",
      code: "UNKNOWN_FIELD",
    });
  });

  it("should let YAML aliases expand to twice the text's length when that is above 1 MiB", () => {
    const text = amplifyingFlowYaml(600_000, 2);
    expect(text.length).toBeLessThan(FLOW_MAX_EXPANDED_SIZE);
    expect(JSON.stringify(parseFlowText(text, "yaml").ok && "ok")).toBe('"ok"');
    expect(parseFlowText(amplifyingFlowYaml(600_000, 3), "yaml")).toMatchObject({
      ok: false,
      errors: [{ path: "", code: "FLOW_TOO_LARGE" }],
    });
  });

  it("should let YAML aliases expand to exactly 1 MiB of JSON, and not one character more", () => {
    // {"a":S,"b":S,"c":S} with S a quoted string of n characters: 3n + 22 characters of JSON.
    const yaml = (n: number) => `a: &s "${"x".repeat(n)}"\nb: *s\nc: *s\n`;
    const n = (FLOW_MAX_EXPANDED_SIZE - 22) / 3;
    expect(JSON.stringify(YAML.parse(yaml(n))).length).toBe(FLOW_MAX_EXPANDED_SIZE);
    const codes = (text: string) => {
      const result = parseFlowText(text, "yaml");
      return result.ok ? [] : result.errors.map((error) => error.code);
    };
    expect(codes(yaml(n))).not.toContain("FLOW_TOO_LARGE");
    expect(codes(yaml(n + 1))).toEqual(["FLOW_TOO_LARGE"]);
  });

  it("should reject duplicate YAML keys", () => {
    const result = parseFlowText("name: a\nname: b\n", "yaml");
    expect(result.ok ? null : result.errors[0]?.code).toBe("INVALID_YAML");
  });

  it("should refuse a YAML alias bomb instead of expanding it", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const [i, name] of ["b", "c", "d", "e", "f", "g"].entries()) {
      const previous = String.fromCharCode("a".charCodeAt(0) + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`);
    }
    const result = parseFlowText(levels.join("\n"), "yaml");
    const errors = result.ok ? [] : result.errors;
    expect(errors.map(({ path, code }) => ({ path, code }))).toEqual([{ path: "", code: "INVALID_YAML" }]);
    expect(errors[0]?.message).toContain("alias");
  });

  it("should refuse YAML whose aliases expand 1 MB into 100 MB, within the alias cap", () => {
    const result = parseFlowText(amplifyingFlowYaml(1_000_000), "yaml");
    const errors = result.ok ? [] : result.errors;
    expect(errors.map(({ path, code }) => ({ path, code }))).toEqual([{ path: "", code: "FLOW_TOO_LARGE" }]);
    expect(errors[0]?.message).toContain("1048576");
  });

  it("should refuse YAML whose aliases nest to 81 copies of an anchored list", () => {
    const text = [
      `a: &a ["${"y".repeat(20_000)}"]`,
      `b: &b [${Array(9).fill("*a").join(", ")}]`,
      `c: [${Array(9).fill("*b").join(", ")}]`,
    ].join("\n");
    expect(parseFlowText(text, "yaml")).toMatchObject({ ok: false, errors: [{ path: "", code: "FLOW_TOO_LARGE" }] });
  });

  it("should refuse YAML whose alias sits inside its own anchor (a cycle) before validating it", () => {
    expect(parseFlowText("blocks: &b [*b]\n", "yaml")).toMatchObject({
      ok: false,
      errors: [{ path: "", code: "FLOW_TOO_LARGE" }],
    });
  });

  it("should accept a flow that uses aliases within the bound", () => {
    const result = parseFlowText(amplifyingFlowYaml(1_000, 20), "yaml");
    expect(result.ok).toBe(true);
  });

  it("should validate what it parsed", () => {
    const result = parseFlowText(
      '{"schemaVersion": 1, "name": "x", "start": "a", "blocks": [{"id": "a", "type": "end", "next": "a"}]}',
      "json",
    );
    expect(result.ok ? [] : result.errors.map((error) => error.code)).toEqual(["UNKNOWN_FIELD"]);
  });
});
