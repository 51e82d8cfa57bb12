import { describe, expect, it } from "vitest";
import { runTurn } from "../../src/engine/run-turn.ts";
import { initialState } from "../../src/engine/types.ts";
import { botTexts, converse } from "../utils/converse.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { buildFlow } from "../utils/flows.ts";

describe("set block", () => {
  it("should store templated strings and keep numbers and booleans as they are", async () => {
    const flow = buildFlow([
      { id: "greeting", type: "set", var: "greeting", value: "Hello {{customer.name}}", next: "count" },
      { id: "count", type: "set", var: "count", value: 3, next: "flag" },
      { id: "flag", type: "set", var: "vip", value: true, next: "say" },
      { id: "say", type: "message", text: "{{greeting}} ({{count}}, {{vip}})", next: "wait" },
      { id: "wait", type: "wait" },
    ]);
    const result = await converse(flow).start();
    expect(result.state.vars).toEqual({ greeting: "Hello Ada", count: 3, vip: true });
    expect(botTexts(result)).toEqual(["Hello Ada (3, true)"]);
    expect(result.steps.find((step) => step.kind === "set")?.data).toEqual({ var: "greeting", value: "Hello Ada" });
  });
});

function feedbackFlow(rating: string | number, comment?: string) {
  return buildFlow([
    { id: "stars", type: "wait", saveAs: "stars", next: "note" },
    { id: "note", type: "wait", saveAs: "note", next: "save" },
    { id: "save", type: "feedback", rating, ...(comment === undefined ? {} : { comment }), next: "thanks" },
    { id: "thanks", type: "end", text: "Thanks!" },
  ]);
}

async function giveFeedback(rating: string | number, comment: string | undefined, replies: [string, string]) {
  const chat = converse(feedbackFlow(rating, comment));
  await chat.start();
  await chat.say(replies[0]);
  return chat.say(replies[1]);
}

describe("feedback block", () => {
  it("should record the rating, comment and sentiment", async () => {
    const result = await giveFeedback("{{stars}}", "{{note}}", ["4", "  Quick and friendly "]);
    expect(result.feedback).toEqual([
      {
        blockId: "save",
        rating: 4,
        comment: "Quick and friendly",
        sentiment: "positive",
        score: 0.8,
        classifier: "fake-rating",
      },
    ]);
    expect(result.steps.find((step) => step.kind === "feedback")?.data).toMatchObject({
      rating: 4,
      sentiment: "positive",
    });
    expect(botTexts(result)).toEqual(["Thanks!"]);
  });

  it.each([
    ["an empty comment", "{{note}}", "   "],
    ["no comment field", undefined, "ignored"],
  ])("should store a null comment for %s", async (_case, comment, reply) => {
    const result = await giveFeedback("{{stars}}", comment, ["2", reply]);
    expect(result.feedback[0]).toMatchObject({ rating: 2, comment: null, sentiment: "negative" });
  });

  it.each([["6"], ["0"], ["4.5"], ["great"]])(
    "should skip feedback with an error step when the rating is %j, and continue",
    async (stars) => {
      const result = await giveFeedback("{{stars}}", "{{note}}", [stars, "hm"]);
      expect(result.feedback).toEqual([]);
      expect(result.steps.find((step) => step.kind === "error")?.data).toMatchObject({ reason: "invalid_rating" });
      expect(botTexts(result)).toEqual(["Thanks!"]);
    },
  );

  it("should accept a literal numeric rating", async () => {
    const result = await giveFeedback(3, undefined, ["x", "y"]);
    expect(result.feedback[0]).toMatchObject({ rating: 3, sentiment: "neutral" });
  });
});

describe("ai block", () => {
  const flow = buildFlow([
    { id: "ask", type: "wait", saveAs: "question", next: "answer" },
    {
      id: "answer",
      type: "ai",
      prompt: "Answer briefly: {{question}}",
      fallbackText: "I can't answer that, {{customer.name}}.",
      next: "ask",
    },
  ]);

  it("should reply with the completion of the templated prompt", async () => {
    const ports = createFakePorts({
      reply: (prompt) => ({ status: "ok", text: `AI says: ${prompt}`, model: "fake-llm", latencyMs: 5 }),
    });
    const chat = converse(flow, ports);
    await chat.start();
    const result = await chat.say("why is the sky blue?");
    expect(botTexts(result)).toEqual(["AI says: Answer briefly: why is the sky blue?"]);
    expect(result.outcome).toEqual({ type: "waiting", blockId: "ask" });
    expect(result.steps.find((step) => step.kind === "ai")?.data).toEqual({
      status: "ok",
      model: "fake-llm",
      latencyMs: 5,
      fallback: false,
    });
  });

  it("should send fallbackText when the LLM fails, and record why", async () => {
    const chat = converse(flow, createFakePorts());
    await chat.start();
    const result = await chat.say("why?");
    expect(botTexts(result)).toEqual(["I can't answer that, Ada."]);
    expect(result.steps.find((step) => step.kind === "ai")?.data).toMatchObject({
      status: "error",
      error: "no LLM configured",
      fallback: true,
    });
    expect(result.steps.some((step) => step.kind === "error")).toBe(true);
  });

  it("should send the completion trimmed, and fallbackText for a blank one", async () => {
    let text = "  Because of Rayleigh scattering.\n";
    const ports = createFakePorts({ reply: () => ({ status: "ok", text, model: "fake-llm", latencyMs: 5 }) });
    const chat = converse(flow, ports);
    await chat.start();
    expect(botTexts(await chat.say("why is the sky blue?"))).toEqual(["Because of Rayleigh scattering."]);
    text = " \n ";
    const blank = await chat.say("and?");
    expect(botTexts(blank)).toEqual(["I can't answer that, Ada."]);
    expect(blank.steps.filter((step) => step.blockId === "answer").map((step) => step.data)).toEqual([
      undefined,
      { status: "error", error: "empty completion", latencyMs: 5, fallback: true },
      { reason: "ai_reply_failed", error: "empty completion" },
    ]);
  });

  it("should pass the session id to the LLM port", async () => {
    const ports = createFakePorts();
    const customer = { id: "c1", name: null };
    const started = await runTurn(flow, initialState(), { type: "start", customer, sessionId: "s-42" }, ports);
    await runTurn(flow, started.state, { type: "message", customer, text: "hi", sessionId: "s-42" }, ports);
    expect(ports.calls.find((call) => call.port === "completeReply")?.request).toEqual({
      sessionId: "s-42",
      blockId: "answer",
      prompt: "Answer briefly: hi",
    });
  });
});
