import { describe, expect, it } from "vitest";
import { findFiringTrigger, keywordPattern } from "../../src/engine/runtime/findFiringTrigger.ts";
import type { Trigger } from "../../src/engine/schema/flow-schema.ts";
import { botTexts, converse, stepKinds } from "../utils/converse.ts";
import { buildFlow } from "../utils/flows.ts";

describe("trigger keywords", () => {
  const triggers: Trigger[] = [
    { id: "fb", keywords: ["feedback", "review"], goto: "x", resume: true },
    { id: "human", keywords: ["talk to a human", "café"], goto: "x", resume: false },
  ];

  it.each<[string, string | null]>([
    ["I'd like to leave a review", "review"],
    ["REVIEW!", "review"],
    ["feedback: slow service", "feedback"],
    ["reviews are great", null],
    ["prereview", null],
    ["can I talk  to a\thuman?", "talk to a human"],
    ["talk to a humanoid", null],
    ["Café, s'il vous plaît", "café"],
    ["cafés", null],
  ])("should match %j → %j", (text, keyword) => {
    expect(findFiringTrigger(triggers, text, [])?.keyword ?? null).toBe(keyword);
  });

  it.each<[string, string, boolean]>([
    ["talk to a human", "Talk to a human", true],
    ["  talk to a human ", "talk to a human", true],
    ["talk   to", "talk to", true],
    ["talk to", "talk \n to", true],
    ["talk to", "talkto", false],
    ["talk to", "talk, to", false],
  ])("should make keyword %j a pattern that matches %j: %s", (keyword, text, matches) => {
    expect(keywordPattern(keyword).test(text)).toBe(matches);
  });

  it("should skip triggers whose sub-flow is running", () => {
    expect(findFiringTrigger(triggers, "a review", ["fb"])).toBeNull();
  });
});

// A choice with a limited retry budget, interrupted by a resumable survey sub-flow.
const flow = buildFlow(
  [
    { id: "hello", type: "message", text: "Tea or coffee?", next: "pick" },
    {
      id: "pick",
      type: "wait",
      saveAs: "drink",
      validate: { type: "choice", options: ["tea", "coffee"] },
      retry: { text: "Tea or coffee, please.", max: 2, exhausted: "bye" },
      next: "ok",
    },
    { id: "ok", type: "end", text: "One {{drink}}." },
    { id: "bye", type: "end", text: "Bye." },
    { id: "askRating", type: "message", text: "Rate us 1-5", next: "rating" },
    { id: "rating", type: "wait", saveAs: "rating", validate: { type: "rating" }, next: "askComment" },
    { id: "askComment", type: "message", text: "Any comment?", next: "comment" },
    { id: "comment", type: "wait", saveAs: "comment", next: "back" },
    { id: "back", type: "return" },
    { id: "menu", type: "message", text: "Menu: tea, coffee.", next: "pick" },
  ],
  {
    triggers: [
      { id: "fb", keywords: ["feedback", "review"], goto: "askRating", resume: true },
      { id: "menu", keywords: ["menu"], goto: "menu" },
    ],
  },
);

describe("triggers", () => {
  it("should interrupt a wait, consume the message, and return silently with the retry count kept", async () => {
    const chat = converse(flow);
    await chat.start();
    await chat.say("water");
    expect(chat.state.retries).toBe(1);

    const interrupted = await chat.say("I want to give feedback");
    expect(botTexts(interrupted)).toEqual(["Rate us 1-5"]);
    expect(interrupted.steps[0]).toEqual({
      blockId: "pick",
      blockType: "wait",
      kind: "trigger",
      data: { triggerId: "fb", keyword: "feedback", goto: "askRating", resume: true },
    });
    expect(interrupted.state.vars).not.toHaveProperty("drink");

    await chat.say("5");
    const back = await chat.say("fine");
    expect(botTexts(back)).toEqual([]);
    expect(back.outcome).toEqual({ type: "waiting", blockId: "pick" });
    expect(stepKinds(back)).toContain("back:return");
    expect(back.state.retries).toBe(1);

    // One retry left before exhaustion, exactly as before the interruption.
    expect(botTexts(await chat.say("milk"))).toEqual(["Tea or coffee, please."]);
    expect(botTexts(await chat.say("juice"))).toEqual(["Bye."]);
  });

  it("should not fire again while its own sub-flow runs", async () => {
    const chat = converse(flow);
    await chat.start();
    await chat.say("review");
    await chat.say("4");
    const comment = await chat.say("Great review system, thanks");
    expect(stepKinds(comment)).not.toContain("comment:trigger");
    expect(comment.state.vars["comment"]).toBe("Great review system, thanks");
    expect(comment.outcome).toEqual({ type: "waiting", blockId: "pick" });
    // Back in the main flow it fires again.
    expect(botTexts(await chat.say("one more review"))).toEqual(["Rate us 1-5"]);
  });

  it("should let another trigger fire inside a sub-flow", async () => {
    const chat = converse(flow);
    await chat.start();
    await chat.say("review");
    const result = await chat.say("show me the menu");
    expect(botTexts(result)).toEqual(["Menu: tea, coffee."]);
    expect(result.outcome).toEqual({ type: "waiting", blockId: "pick" });
  });

  it("should return from a nested sub-flow to the outer one, whose trigger stays unable to fire", async () => {
    const nested = buildFlow(
      [
        ...flow.blocks,
        { id: "help", type: "message", text: "Help: answer the question.", next: "helpWait" },
        { id: "helpWait", type: "wait", next: "helpBack" },
        { id: "helpBack", type: "return" },
      ],
      { triggers: [...flow.triggers, { id: "help", keywords: ["help"], goto: "help", resume: true }] },
    );
    const chat = converse(nested);
    await chat.start();
    await chat.say("review");
    expect(botTexts(await chat.say("help"))).toEqual(["Help: answer the question."]);
    const back = await chat.say("got it");
    expect(back.steps.find((step) => step.kind === "return")?.data).toEqual({
      to: "rating",
      triggerId: "help",
      mode: "wait",
    });
    expect(back.outcome).toEqual({ type: "waiting", blockId: "rating" });
    expect(back.state.activeTriggers).toEqual(["fb"]);
    // Still inside fb's sub-flow: "review" is an answer to its question, not a new start of it.
    const again = await chat.say("review");
    expect(stepKinds(again)).not.toContain("rating:trigger");
  });

  it("should run a trigger fired by the message that opens a session, then resume at the start", async () => {
    const chat = converse(flow);
    const opened = await chat.start("review please");
    expect(botTexts(opened)).toEqual(["Rate us 1-5"]);
    await chat.say("5");
    const back = await chat.say("no");
    expect(botTexts(back)).toEqual(["Tea or coffee?"]);
    expect(back.outcome).toEqual({ type: "waiting", blockId: "pick" });
  });

  it("should not feed an opening message that fires no trigger to the first wait", async () => {
    const chat = converse(flow);
    const opened = await chat.start("tea");
    expect(botTexts(opened)).toEqual(["Tea or coffee?"]);
    expect(opened.outcome).toEqual({ type: "waiting", blockId: "pick" });
    expect(opened.state.vars).toEqual({});
  });
});

describe("return and end blocks", () => {
  it("should end the conversation when a return block has nothing to return to", async () => {
    const noTrigger = buildFlow([
      { id: "ask", type: "wait", next: "back" },
      { id: "back", type: "return" },
    ]);
    const chat = converse(noTrigger);
    await chat.start();
    const result = await chat.say("hi");
    expect(result.outcome).toEqual({ type: "ended" });
    expect(result.steps.at(-1)).toEqual({ blockId: "back", blockType: "return", kind: "return", data: { to: null } });
  });

  it("should end with optional text and take no more messages", async () => {
    const chat = converse(buildFlow([{ id: "bye", type: "end", text: "Bye {{customer.name}}" }]));
    const result = await chat.start();
    expect(botTexts(result)).toEqual(["Bye Ada"]);
    const after = await chat.say("hello?");
    expect(after.outcome).toEqual({ type: "ended" });
    expect(after.outputs).toEqual([]);
  });

  it("should send nothing for an end block without text", async () => {
    const result = await converse(buildFlow([{ id: "bye", type: "end" }])).start();
    expect(result.outputs).toEqual([]);
    expect(result.outcome).toEqual({ type: "ended" });
  });
});
