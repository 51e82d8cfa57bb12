import { describe, expect, it } from "vitest";
import { parseFlowTestsYaml, runFlowTests } from "../../src/engine/flow-tests/runFlowTests.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { loadFlow } from "../utils/flows.ts";

const coffee = loadFlow("test/fixtures/coffee.json");

async function run(yaml: string) {
  return runFlowTests(coffee, parseFlowTestsYaml(yaml), createFakePorts());
}

describe("runFlowTests", () => {
  it("should pass a conversation that matches, including a new session after the end", async () => {
    const report = await run(`
tests:
  - name: orders twice
    customer: { name: Ada }
    turns:
      - expect: { bot: ["Hi Ada! Espresso or latte?"], waiting: pick }
      - say: latte
        expect: { bot: ["One latte coming up.", "Enjoy!"], ended: true, vars: { drink: latte } }
      - say: review
        expect: { bot: ["Please rate your experience from 1-5"], waiting: rating, steps: [{ blockId: hello, kind: trigger }] }
`);
    expect(report).toEqual({
      passed: true,
      problems: [],
      results: [{ name: "orders twice", passed: true, failures: [] }],
    });
  });

  it("should report each difference with its turn", async () => {
    const report = await run(`
tests:
  - name: wrong expectations
    turns:
      - expect: { bot: ["Hello!"], waiting: ok }
      - say: espresso
        expect: { waiting: pick, steps: [{ blockId: pick, kind: retry }], vars: { drink: latte } }
`);
    expect(report.passed).toBe(false);
    const failures = report.results[0]?.failures ?? [];
    expect(failures.map((failure) => failure.turn)).toEqual([0, 0, 1, 1, 1]);
    expect(failures[0]?.message).toBe('bot said ["Hi there! Espresso or latte?"], expected ["Hello!"]');
    expect(failures[2]?.message).toBe('conversation is ended, expected waiting at "pick"');
  });

  it("should check the quick replies a conversation waits with", async () => {
    const topics = loadFlow("test/fixtures/topics.json");
    const report = await runFlowTests(
      topics,
      parseFlowTestsYaml(`
tests:
  - name: options
    turns:
      - expect: { waiting: pick, options: [{ label: Weather, value: weather }] }
      - say: "1"
        expect: { waiting: comment, options: [], vars: { topic: weather } }
`),
      createFakePorts(),
    );
    expect(report.results[0]?.failures).toEqual([
      {
        turn: 0,
        say: null,
        message:
          'conversation waits with options [{"label":"Weather","value":"weather"},{"label":"Travel","value":"travel"},{"label":"Restaurants","value":"restaurants"}], expected [{"label":"Weather","value":"weather"}]',
      },
    ]);
  });

  it("should reject a malformed tests document without running anything", async () => {
    const report = await run("tests:\n  - name: x\n    turns: []\n    extra: 1\n");
    expect(report.passed).toBe(false);
    expect(report.results).toEqual([]);
    expect(report.problems.length).toBeGreaterThanOrEqual(2);
  });

  it("should only let the first turn leave out say", async () => {
    const report = await run("tests:\n  - name: x\n    turns:\n      - expect: {}\n      - expect: {}\n");
    expect(report.results[0]?.failures[0]?.message).toBe("only the first turn may leave out `say`");
  });
});
