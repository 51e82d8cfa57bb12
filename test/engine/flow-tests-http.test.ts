import { describe, expect, it } from "vitest";
import type { HttpOutcome } from "../../src/engine/ports.ts";
import { cannedHttpOutcome } from "../../src/engine/flow-tests/cannedHttp.ts";
import type { CannedHttpAnswer } from "../../src/engine/flow-tests/flow-tests-schema.ts";
import { parseFlowTestsYaml, runFlowTests } from "../../src/engine/flow-tests/runFlowTests.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { buildFlow } from "../utils/flows.ts";

const flow = buildFlow([
  { id: "ask", type: "wait", saveAs: "orderId", next: "order" },
  {
    id: "order",
    type: "http",
    url: "https://shop.example.com/orders/{{orderId}}",
    saveAs: "order",
    extract: { orderStatus: "/status" },
    next: "tell",
    onError: "sorry",
  },
  { id: "tell", type: "message", text: "{{orderStatus}}: {{order.items.0.name}}", next: "ask" },
  { id: "sorry", type: "message", text: "The shop is not answering.", next: "ask" },
]);

async function run(yaml: string) {
  // The fake ports' callHttp would answer `network`: a canned answer must come first.
  return runFlowTests(flow, parseFlowTestsYaml(yaml), createFakePorts());
}

describe("conversation tests of http blocks", () => {
  it("should answer http blocks from the test's canned answers", async () => {
    const report = await run(`
tests:
  - name: shipped
    http:
      order: { status: 200, body: { status: shipped, items: [{ name: Latte beans }] } }
    turns:
      - expect: { waiting: ask }
      - say: A-17
        expect:
          bot: ["shipped: Latte beans"]
          vars: { orderStatus: shipped, order: { items: [{ name: Latte beans }], status: shipped } }
          steps: [{ blockId: order, kind: http }]
  - name: shop down
    http: { order: { status: 503 } }
    turns:
      - expect: { waiting: ask }
      - say: A-17
        expect: { bot: ["The shop is not answering."] }
  - name: time-out
    http: { order: { error: timeout } }
    turns:
      - expect: { waiting: ask }
      - say: A-17
        expect: { bot: ["The shop is not answering."] }
`);
    expect(report.results.flatMap((result) => result.failures)).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it("should fail a test that reaches an http block without a canned answer, saying how to give one", async () => {
    const report = await run(`
tests:
  - name: forgot the answer
    turns:
      - expect: { waiting: ask }
      - say: A-17
        expect: { bot: ["The shop is not answering."] }
`);
    expect(report.passed).toBe(false);
    expect(report.results[0]?.failures).toEqual([
      {
        turn: 1,
        say: "A-17",
        message:
          'the flow reached http block "order" and this test gives it no answer: add `http: { order: { status: 200, body: {…} } }` (or `{ error: timeout }`) to the test',
      },
    ]);
  });

  it("should fail a test whose canned answers name a block that is not an http block", async () => {
    const report = await run(`
tests:
  - name: typo
    http: { ordr: { status: 200 } }
    turns:
      - expect: { waiting: ask }
`);
    expect(report.results[0]?.failures[0]?.message).toBe('`http` names "ordr", which is not an http block of the flow');
  });

  it("should refuse a canned answer that is neither a status nor an error reason", async () => {
    const report = await run(`
tests:
  - name: bad
    http: { order: { status: 200, error: timeout } }
    turns:
      - expect: { waiting: ask }
`);
    expect(report.problems.length).toBeGreaterThan(0);
  });
});

describe("canned http answers", () => {
  it.each([
    [
      { status: 200, body: { a: [1] } },
      { status: "ok", httpStatus: 200, json: { a: [1] }, latencyMs: 0 },
    ],
    [{ status: 299 }, { status: "ok", httpStatus: 299, json: null, latencyMs: 0 }],
    [{ status: 199 }, { status: "error", reason: "status", httpStatus: 199, latencyMs: 0 }],
    [{ status: 300 }, { status: "error", reason: "redirect", httpStatus: 300, latencyMs: 0 }],
    [{ status: 301 }, { status: "error", reason: "redirect", httpStatus: 301, latencyMs: 0 }],
    [{ status: 399 }, { status: "error", reason: "redirect", httpStatus: 399, latencyMs: 0 }],
    [{ status: 400 }, { status: "error", reason: "status", httpStatus: 400, latencyMs: 0 }],
    [{ status: 503 }, { status: "error", reason: "status", httpStatus: 503, latencyMs: 0 }],
    [{ error: "timeout" }, { status: "error", reason: "timeout", latencyMs: 0 }],
    [{ error: "host_not_allowed" }, { status: "error", reason: "host_not_allowed", latencyMs: 0 }],
  ] satisfies [CannedHttpAnswer, HttpOutcome][])(
    "should stand %j for the outcome the real caller would report",
    (canned, outcome) => {
      expect(cannedHttpOutcome(canned)).toStrictEqual(outcome);
    },
  );
});
