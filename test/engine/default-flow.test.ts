import { describe, expect, it } from "vitest";
import { parseFlowTestsYaml, runFlowTests } from "../../src/engine/flow-tests/runFlowTests.ts";
import { parseFlowText } from "../../src/engine/validation/parseFlowText.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { loadFlow, readRepoFile } from "../utils/flows.ts";

// Not `http`: the default flow must install on any server, and calls need a host the server allows.
const BLOCK_TYPES = ["message", "wait", "intent", "condition", "set", "feedback", "ai", "return", "end", "handoff"];

describe("flows/default.yaml", () => {
  const flow = loadFlow("flows/default.yaml");

  it("should validate without errors or warnings", () => {
    const result = parseFlowText(readRepoFile("flows/default.yaml"), "yaml");
    expect(result.ok && result.warnings).toEqual([]);
  });

  it("should use every block type but http", () => {
    expect(new Set(flow.blocks.map((block) => block.type))).toEqual(new Set(BLOCK_TYPES));
  });

  it("should offer the weather, travel and restaurant intents with examples", () => {
    const route = flow.blocks.find((block) => block.type === "intent");
    const descriptions = route?.type === "intent" ? route.intents.map((intent) => intent.description) : [];
    expect(descriptions).toEqual(
      expect.arrayContaining(["Give me the weather", "Give me travel offers", "Give me restaurant recommendations"]),
    );
    for (const intent of route?.type === "intent" ? route.intents : [])
      expect(intent.examples?.length).toBeGreaterThanOrEqual(5);
  });

  it("should pass its conversation tests (flows/default.tests.yaml)", async () => {
    const report = await runFlowTests(
      flow,
      parseFlowTestsYaml(readRepoFile("flows/default.tests.yaml")),
      createFakePorts(),
    );
    const failures = report.results.flatMap((result) =>
      result.failures.map((failure) => `${result.name} #${failure.turn}: ${failure.message}`),
    );
    expect([...report.problems, ...failures]).toEqual([]);
    expect(report.passed).toBe(true);
  });
});
