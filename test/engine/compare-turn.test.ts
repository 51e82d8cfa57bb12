import { describe, expect, it } from "vitest";
import { compareTurn } from "../../src/engine/flow-tests/compareTurn.ts";
import { initialState, type StepRecord, type TurnResult } from "../../src/engine/types.ts";

const step = (blockId: string, kind: StepRecord["kind"]): StepRecord => ({ blockId, blockType: "message", kind });

/** A turn that said "Hi", waits at "ask" with one option, and went through a, b, c. */
function turn(overrides: Partial<TurnResult> = {}): TurnResult {
  return {
    state: {
      ...initialState(),
      vars: { n: 2, list: [1, { a: 1, b: [true, null] }], name: "Ada", chars: { 0: "h", 1: "i" } },
    },
    outputs: [{ text: "Hi", blockId: "a" }],
    steps: [step("a", "entered"), step("b", "entered"), step("c", "retry")],
    feedback: [],
    outcome: { type: "waiting", blockId: "ask", options: [{ label: "Yes", value: "y" }] },
    timer: null,
    ...overrides,
  };
}

const ended = turn({ outcome: { type: "ended" } });

describe("compareTurn", () => {
  it("should find nothing wrong when every expectation holds", () => {
    expect(
      compareTurn(turn(), {
        bot: ["Hi"],
        waiting: "ask",
        options: [{ label: "Yes", value: "y" }],
        steps: [
          { blockId: "a", kind: "entered" },
          { blockId: "c", kind: "retry" },
        ],
        vars: { n: 2, list: [1, { b: [true, null], a: 1 }], name: "Ada", chars: { 1: "i", 0: "h" } },
      }),
    ).toEqual([]);
    expect(compareTurn(ended, { ended: true, options: [] })).toEqual([]);
    expect(compareTurn(turn(), {})).toEqual([]);
  });

  it("should say what the bot said instead", () => {
    expect(compareTurn(turn(), { bot: ["Hi", "Bye"] })).toEqual(['bot said ["Hi"], expected ["Hi","Bye"]']);
  });

  it("should say where the conversation is when it waits elsewhere or has ended", () => {
    expect(compareTurn(turn(), { waiting: "other" })).toEqual([
      'conversation is waiting at "ask", expected waiting at "other"',
    ]);
    expect(compareTurn(ended, { waiting: "ask" })).toEqual(['conversation is ended, expected waiting at "ask"']);
    expect(compareTurn(turn(), { ended: true })).toEqual([
      'conversation is waiting at "ask", expected it to have ended',
    ]);
  });

  it("should compare quick replies exactly, none when the conversation waits without or has ended", () => {
    expect(compareTurn(turn(), { options: [] })).toEqual([
      'conversation waits with options [{"label":"Yes","value":"y"}], expected []',
    ]);
    expect(compareTurn(turn({ outcome: { type: "waiting", blockId: "ask" } }), { options: [] })).toEqual([]);
    expect(compareTurn(ended, { options: [{ label: "Yes", value: "y" }] })).toEqual([
      'conversation waits with options [], expected [{"label":"Yes","value":"y"}]',
    ]);
  });

  it("should want the expected steps in order, allowing others between, and report the first missing", () => {
    const steps = (...expected: [string, StepRecord["kind"]][]) =>
      compareTurn(turn(), { steps: expected.map(([blockId, kind]) => ({ blockId, kind })) });
    expect(steps(["b", "entered"], ["c", "retry"])).toEqual([]);
    const shown = '["a:entered","b:entered","c:retry"]';
    expect(steps(["c", "retry"], ["a", "entered"])).toEqual([
      `no "entered" step at "a" (in order); steps were ${shown}`,
    ]);
    expect(steps(["a", "entered"], ["a", "entered"])).toEqual([
      `no "entered" step at "a" (in order); steps were ${shown}`,
    ]);
    expect(steps(["c", "entered"], ["x", "retry"])).toEqual([
      `no "entered" step at "c" (in order); steps were ${shown}`,
    ]);
    expect(steps(["b", "retry"])).toEqual([`no "retry" step at "b" (in order); steps were ${shown}`]);
  });

  it("should compare variables as JSON by content, whatever the key order, and name each that differs", () => {
    expect(
      compareTurn(turn(), {
        vars: { n: "2", list: [1, { a: 1 }], name: "Ada", missing: null },
      }),
    ).toEqual([
      'variable "n" is 2, expected "2"',
      'variable "list" is [1,{"a":1,"b":[true,null]}], expected [1,{"a":1}]',
      'variable "missing" is undefined, expected null',
    ]);
    expect(compareTurn(turn(), { vars: { list: [1, { a: 1, c: [true, null] }] } })).toHaveLength(1);
    expect(compareTurn(turn(), { vars: { list: { 0: 1, 1: { a: 1, b: [true, null] } } } })).toHaveLength(1);
    expect(compareTurn(turn(), { vars: { list: [1, { a: 1, b: [true, 0] }] } })).toHaveLength(1);
    expect(compareTurn(turn(), { vars: { name: { first: "Ada" } } })).toHaveLength(1);
    // Neither a string and an object with its characters, nor null and an object, are the same JSON.
    expect(compareTurn(turn(), { vars: { name: { 0: "A", 1: "d", 2: "a" } } })).toHaveLength(1);
    expect(compareTurn(turn(), { vars: { chars: "hi" } })).toHaveLength(1);
    expect(compareTurn(turn(), { vars: { list: [1, null] } })).toHaveLength(1);
    expect(compareTurn(turn(), { vars: { list: [1, { a: 1, b: [true, {}] }] } })).toHaveLength(1);
    expect(compareTurn(turn(), { vars: { list: [1, { a: 1, b: [true, null], c: 1 }] } })).toHaveLength(1);
  });

  it("should compare feedback by rating, and by comment and sentiment only when expected", () => {
    const record = {
      blockId: "f",
      rating: 4,
      comment: "nice",
      sentiment: "positive",
      score: 1,
      classifier: "x",
    } as const;
    const withFeedback = turn({ feedback: [record] });
    expect(compareTurn(withFeedback, { feedback: [{ rating: 4 }] })).toEqual([]);
    expect(compareTurn(withFeedback, { feedback: [{ rating: 4, comment: "nice", sentiment: "positive" }] })).toEqual(
      [],
    );
    const shown = '[{"rating":4,"comment":"nice","sentiment":"positive"}]';
    expect(compareTurn(withFeedback, { feedback: [{ rating: 5 }] })).toEqual([
      `feedback was ${shown}, expected [{"rating":5}]`,
    ]);
    expect(compareTurn(withFeedback, { feedback: [{ rating: 4, comment: "meh" }] })).toHaveLength(1);
    expect(compareTurn(withFeedback, { feedback: [{ rating: 4, sentiment: "negative" }] })).toHaveLength(1);
    expect(compareTurn(withFeedback, { feedback: [] })).toHaveLength(1);
    const twice = turn({ feedback: [record, { ...record, rating: 2 }] });
    expect(compareTurn(twice, { feedback: [{ rating: 4 }, { rating: 2 }] })).toEqual([]);
    expect(compareTurn(twice, { feedback: [{ rating: 4 }, { rating: 3 }] })).toHaveLength(1);
    expect(compareTurn(turn(), { feedback: [{ rating: 4 }] })).toEqual(['feedback was [], expected [{"rating":4}]']);
  });
});
