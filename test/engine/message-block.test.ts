import { describe, expect, it } from "vitest";
import { renderTemplate } from "../../src/engine/runtime/renderTemplate.ts";
import { botTexts, converse } from "../utils/converse.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { buildFlow } from "../utils/flows.ts";

describe("templating", () => {
  const scope = { vars: { drink: "latte", count: 2, paid: true }, customer: { id: "c-7", name: "Ada" } };

  it.each([
    ["One {{drink}}", "One latte"],
    ["{{ drink }} x{{count}}", "latte x2"],
    ["paid: {{paid}}", "paid: true"],
    ["Hi {{customer.name}} ({{customer.id}})", "Hi Ada (c-7)"],
    ["missing: [{{nope}}]", "missing: []"],
    ["not a placeholder: {{ 1x }} {single}", "not a placeholder: {{ 1x }} {single}"],
  ])("should render %j as %j", (template, expected) => {
    expect(renderTemplate(template, scope)).toBe(expected);
  });

  it.each([null, "", "  "])('should call a customer without a name (%j) "there"', (name) => {
    expect(renderTemplate("Hi {{customer.name}}!", { vars: {}, customer: { id: "c", name } })).toBe("Hi there!");
  });
});

describe("message block", () => {
  it("should send templated text and continue at next", async () => {
    const flow = buildFlow([
      { id: "hello", type: "message", text: "Hi {{customer.name}}!", next: "more" },
      { id: "more", type: "message", text: "How can I help?", next: "wait" },
      { id: "wait", type: "wait" },
    ]);
    const result = await converse(flow).start();
    expect(result.outputs).toEqual([
      { text: "Hi Ada!", blockId: "hello" },
      { text: "How can I help?", blockId: "more" },
    ]);
    expect(result.outcome).toEqual({ type: "waiting", blockId: "wait" });
    expect(result.steps.filter((step) => step.kind === "entered").map((step) => step.blockId)).toEqual([
      "hello",
      "more",
      "wait",
    ]);
  });

  it("should end the conversation when a block has no next", async () => {
    const flow = buildFlow([{ id: "only", type: "message", text: "That's all." }]);
    const result = await converse(flow).start();
    expect(botTexts(result)).toEqual(["That's all."]);
    expect(result.outcome).toEqual({ type: "ended" });
    expect(result.state.ended).toBe(true);
  });

  it("should not mutate the state it was given", async () => {
    const flow = buildFlow([{ id: "ask", type: "wait", saveAs: "answer", next: "ask" }]);
    const chat = converse(flow, createFakePorts());
    await chat.start();
    const before = structuredClone(chat.state);
    const frozen = chat.state;
    await chat.say("hello");
    expect(frozen).toEqual(before);
    expect(chat.state.vars).toEqual({ answer: "hello" });
  });
});
