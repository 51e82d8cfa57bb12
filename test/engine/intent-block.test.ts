import { describe, expect, it } from "vitest";
import { intentBlocksOf } from "../../src/engine/index.ts";
import type { IntentOutcome, IntentRequest } from "../../src/engine/ports.ts";
import { botTexts, converse } from "../utils/converse.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { buildFlow } from "../utils/flows.ts";

function intentFlow(extra: Record<string, unknown> = {}) {
  return buildFlow(
    [
      { id: "listen", type: "wait", saveAs: "request", next: "route" },
      {
        id: "route",
        type: "intent",
        intents: [
          { id: "weather", description: "Give me the weather", examples: ["will it rain"], next: "weather" },
          { id: "travel", description: "Give me travel offers", next: "travel" },
        ],
        noMatch: "sorry",
        ...extra,
      },
      { id: "weather", type: "message", text: "Sunny.", next: "listen" },
      { id: "travel", type: "message", text: "Lisbon.", next: "listen" },
      { id: "sorry", type: "message", text: "Sorry?", next: "listen" },
      { id: "broken", type: "message", text: "Our assistant is down.", next: "listen" },
    ],
    { settings: { intentThreshold: 0.6 } },
  );
}

async function classify(outcome: IntentOutcome, extra: Record<string, unknown> = {}) {
  const ports = createFakePorts({ classifyIntent: () => outcome });
  const chat = converse(intentFlow(extra), ports);
  await chat.start();
  const result = await chat.say("will it rain in Porto?");
  return { result, ports, intentStep: result.steps.find((step) => step.kind === "intent") };
}

const ok = (intent: string | null, confidence: number): IntentOutcome => ({
  status: "ok",
  intent,
  confidence,
  classifier: "fake",
  latencyMs: 7,
});

describe("intent block", () => {
  it("should route to the matched intent and record the decision", async () => {
    const { result, intentStep } = await classify(ok("weather", 0.9));
    expect(botTexts(result)).toEqual(["Sunny."]);
    expect(intentStep).toEqual({
      blockId: "route",
      blockType: "intent",
      kind: "intent",
      data: { intent: "weather", confidence: 0.9, classifier: "fake", latencyMs: 7, threshold: 0.6, matched: true },
    });
  });

  it.each([
    ["below settings.intentThreshold", ok("weather", 0.59), {}],
    ["below the block's own threshold", ok("weather", 0.8), { threshold: 0.85 }],
    ["no intent", ok(null, 0.99), {}],
    ["an id that was not offered", ok("pizza", 0.99), {}],
  ])("should go to noMatch on %s", async (_case, outcome, extra) => {
    const { result, intentStep } = await classify(outcome, extra);
    expect(botTexts(result)).toEqual(["Sorry?"]);
    expect(intentStep?.data?.["matched"]).toBe(false);
  });

  it("should go to onError when the classifier fails, with an error step", async () => {
    const failure: IntentOutcome = { status: "error", error: "timeout", classifier: "llm", latencyMs: 3000 };
    const { result } = await classify(failure, { onError: "broken" });
    expect(botTexts(result)).toEqual(["Our assistant is down."]);
    expect(result.steps.map((step) => step.kind)).toEqual(expect.arrayContaining(["intent", "error"]));
    expect(result.steps.find((step) => step.kind === "error")?.data).toMatchObject({
      reason: "intent_classifier_failed",
      error: "timeout",
    });
  });

  it("should go to noMatch when the classifier fails and there is no onError", async () => {
    const { result } = await classify({ status: "error", error: "boom", classifier: "llm", latencyMs: 1 });
    expect(botTexts(result)).toEqual(["Sorry?"]);
  });

  it("should classify the last customer message and offer every intent with its examples", async () => {
    const { ports } = await classify(ok("travel", 1));
    expect(ports.calls.find((call) => call.port === "classifyIntent")?.request).toEqual({
      flowKey: "Test@unversioned",
      blockId: "route",
      text: "will it rain in Porto?",
      intents: [
        { id: "weather", description: "Give me the weather", examples: ["will it rain"] },
        { id: "travel", description: "Give me travel offers", examples: [] },
      ],
    });
  });

  it("should classify the templated input when one is given", async () => {
    const { ports } = await classify(ok("travel", 1), { input: "about {{request}}" });
    const request = ports.calls.find((call) => call.port === "classifyIntent")?.request as { text: string };
    expect(request.text).toBe("about will it rain in Porto?");
  });

  it("should match at exactly the threshold, and let the block's threshold override the flow's", async () => {
    expect(botTexts((await classify(ok("weather", 0.6))).result)).toEqual(["Sunny."]);
    const lower = await classify(ok("weather", 0.55), { threshold: 0.5 });
    expect(botTexts(lower.result)).toEqual(["Sunny."]);
    expect(lower.intentStep?.data).toMatchObject({ threshold: 0.5, matched: true });
  });

  it("should record every field of a failed classification, and an error step", async () => {
    const failure: IntentOutcome = { status: "error", error: "timeout", classifier: "llm", latencyMs: 3000 };
    const { result } = await classify(failure, { onError: "broken" });
    expect(result.steps.filter((step) => step.kind === "intent" || step.kind === "error")).toEqual([
      {
        blockId: "route",
        blockType: "intent",
        kind: "intent",
        data: {
          intent: null,
          confidence: 0,
          classifier: "llm",
          latencyMs: 3000,
          threshold: 0.6,
          matched: false,
          error: "timeout",
        },
      },
      {
        blockId: "route",
        blockType: "intent",
        kind: "error",
        data: { reason: "intent_classifier_failed", error: "timeout", classifier: "llm" },
      },
    ]);
  });

  it("should give unknown_intent as the reason for an id that was not offered, and no reason for no intent", async () => {
    expect((await classify(ok("pizza", 0.99))).intentStep?.data).toEqual({
      intent: "pizza",
      confidence: 0.99,
      classifier: "fake",
      latencyMs: 7,
      threshold: 0.6,
      matched: false,
      reason: "unknown_intent",
    });
    expect((await classify(ok(null, 0.99))).intentStep?.data).toEqual({
      intent: null,
      confidence: 0.99,
      classifier: "fake",
      latencyMs: 7,
      threshold: 0.6,
      matched: false,
    });
  });

  it.each([
    ["a blank message", "   ", {}],
    ["an input template that renders blank", "will it rain?", { input: " {{nothing}} " }],
  ])("should not ask the classifier about %s, and go to noMatch", async (_case, text, extra) => {
    const ports = createFakePorts({ classifyIntent: () => ok("weather", 1) });
    const chat = converse(intentFlow(extra), ports);
    await chat.start();
    const result = await chat.say(text);
    expect(botTexts(result)).toEqual(["Sorry?"]);
    expect(ports.calls.filter((call) => call.port === "classifyIntent")).toEqual([]);
    expect(result.steps.find((step) => step.kind === "intent")?.data).toEqual({
      intent: null,
      confidence: 0,
      classifier: "none",
      latencyMs: 0,
      threshold: 0.6,
      matched: false,
      reason: "empty_input",
    });
  });

  it("should take a conversation that starts at an intent block without a message as blank input", async () => {
    const ports = createFakePorts({ classifyIntent: () => ok("weather", 1) });
    const flow = buildFlow([
      {
        id: "route",
        type: "intent",
        intents: [{ id: "weather", description: "weather", next: "end" }],
        noMatch: "end",
      },
      { id: "end", type: "end" },
    ]);
    const result = await converse(flow, ports).start();
    expect(ports.calls.filter((call) => call.port === "classifyIntent")).toEqual([]);
    expect(result.steps.find((step) => step.kind === "intent")?.data).toMatchObject({ reason: "empty_input" });
  });
});

describe("intentBlocksOf", () => {
  it("should list each intent block as classifyIntent is asked about it, once per flow object", async () => {
    const flow = { ...intentFlow(), version: 7 };
    const ports = createFakePorts({ classifyIntent: () => ok("weather", 0.9) });
    const chat = converse(flow, ports);
    await chat.start();
    await chat.say("will it rain in Porto?");
    const asked = ports.calls
      .filter((call) => call.port === "classifyIntent")
      .map((call) => {
        const { text: _text, ...block } = call.request as IntentRequest;
        return block;
      });
    expect(asked).toHaveLength(1);
    expect(intentBlocksOf(flow)).toEqual(asked);
    expect(intentBlocksOf(flow)[0]?.flowKey).toBe("Test@7");
    expect(intentBlocksOf(flow)).toBe(intentBlocksOf(flow));
  });

  it("should list none for a flow without intent blocks", () => {
    const flow = buildFlow([
      { id: "hi", type: "message", text: "Hi", next: "end" },
      { id: "end", type: "end" },
    ]);
    expect(intentBlocksOf(flow)).toEqual([]);
  });
});
