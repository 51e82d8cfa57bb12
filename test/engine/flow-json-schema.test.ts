import { describe, expect, it } from "vitest";
import { flowJsonSchema } from "../../src/engine/schema/flow-schema.ts";

describe("flowJsonSchema", () => {
  const schema = flowJsonSchema() as { $schema: string; required: string[]; additionalProperties: boolean; properties: Record<string, any> };

  it("should describe the flow format as JSON Schema", () => {
    expect(schema.$schema).toContain("json-schema.org");
    expect(schema.required).toEqual(expect.arrayContaining(["schemaVersion", "name", "start", "blocks"]));
    expect(schema.required).not.toContain("settings");
    expect(schema.additionalProperties).toBe(false);
  });

  it("should list every block type", () => {
    const variants = schema.properties["blocks"].items.oneOf ?? schema.properties["blocks"].items.anyOf;
    const types = variants.map((variant: any) => variant.properties.type.const);
    expect(types).toEqual(["message", "wait", "intent", "condition", "set", "feedback", "ai", "return", "end"]);
  });

  it("should be plain JSON", () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
