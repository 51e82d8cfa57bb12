import { describe, expect, it } from "vitest";
import { flowJsonSchema } from "../../src/engine/schema/flow-schema.ts";

describe("flowJsonSchema", () => {
  interface Variant {
    properties: { type: { const: string } };
  }
  const schema = flowJsonSchema() as {
    $schema: string;
    required: string[];
    additionalProperties: boolean;
    properties: { blocks: { items: { oneOf?: Variant[]; anyOf?: Variant[] } } };
  };

  it("should describe the flow format as JSON Schema", () => {
    expect(schema.$schema).toContain("json-schema.org");
    expect(schema.required).toEqual(expect.arrayContaining(["schemaVersion", "name", "start", "blocks"]));
    expect(schema.required).not.toContain("settings");
    expect(schema.additionalProperties).toBe(false);
  });

  it("should list every block type", () => {
    const { oneOf, anyOf } = schema.properties.blocks.items;
    const types = (oneOf ?? anyOf ?? []).map((variant) => variant.properties.type.const);
    expect(types).toEqual([
      "message",
      "wait",
      "intent",
      "condition",
      "set",
      "feedback",
      "ai",
      "return",
      "end",
      "handoff",
      "http",
    ]);
  });

  it("should be plain JSON", () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it("should publish exactly the reviewed schema: every field, bound and description", async () => {
    // The schema is the flow format's contract for editors and uploaders; a change to it shows up
    // here as a diff to review (`npx vitest run -u test/engine/flow-json-schema.test.ts` accepts it).
    await expect(`${JSON.stringify(schema, null, 2)}\n`).toMatchFileSnapshot("./__snapshots__/flow.schema.json");
  });
});
