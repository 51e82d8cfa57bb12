import { describe, expect, it } from "vitest";
import { parseFlowText } from "../../src/engine/validation/parseFlowText.ts";
import { amplifyingFlowYaml } from "../utils/amplifying-yaml.ts";
import { readRepoFile } from "../utils/flows.ts";

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
