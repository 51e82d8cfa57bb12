import { describe, expect, it } from "vitest";
import { defaultRetryText } from "../../src/engine/blocks/answerWaitBlock.ts";
import { checkReply } from "../../src/engine/runtime/checkReply.ts";
import type { ReplyRule } from "../../src/engine/schema/wait-block-schema.ts";
import { botTexts, converse, stepKinds } from "../utils/converse.ts";
import { buildFlow } from "../utils/flows.ts";

const rating: ReplyRule = { type: "rating", min: 1, max: 5 };
const choice: ReplyRule = { type: "choice", options: ["Espresso", "latte"] };

describe("reply validation", () => {
  it.each<[ReplyRule | undefined, string, string | number | null]>([
    [undefined, "anything at all", "anything at all"],
    [{ type: "text" }, "  hello ", "hello"],
    [{ type: "text" }, "   ", null],
    [{ type: "text", max: 3 }, "long", null],
    [rating, "5", 5],
    [rating, " 1 ", 1],
    [rating, "0", null],
    [rating, "6", null],
    [rating, "-1", null],
    [rating, "3.5", null],
    [rating, "four", null],
    [{ type: "rating" }, "5", 5],
    [{ type: "rating", min: 0, max: 10 }, "10", 10],
    [{ type: "number" }, "3.5", 3.5],
    [{ type: "number", min: 0 }, "-2", null],
    [{ type: "number" }, "12abc", null],
    [{ type: "email" }, "ada@example.com", "ada@example.com"],
    [{ type: "email" }, "ada at example", null],
    [choice, "ESPRESSO", "Espresso"],
    [choice, " Latte ", "latte"],
    [choice, "mocha", null],
  ])("should judge %j reply %j as %j (null = invalid)", (rule, reply, expected) => {
    const check = checkReply(rule, reply);
    expect(check.status === "valid" ? check.value : null).toBe(expected);
  });
});

function ratingFlow(retry?: Record<string, unknown>) {
  return buildFlow([
    { id: "ask", type: "message", text: "Rate us 1-5", next: "rating" },
    {
      id: "rating",
      type: "wait",
      saveAs: "stars",
      validate: { type: "rating" },
      ...(retry ? { retry } : {}),
      next: "done",
    },
    { id: "done", type: "end", text: "Got {{stars}}." },
    { id: "gaveUp", type: "end", text: "Never mind." },
  ]);
}

describe("wait block", () => {
  it("should store an accepted rating as a number and continue", async () => {
    const chat = converse(ratingFlow());
    await chat.start();
    const result = await chat.say("4");
    expect(result.state.vars["stars"]).toBe(4);
    expect(botTexts(result)).toEqual(["Got 4."]);
  });

  it("should send retry.text and wait again on an invalid reply", async () => {
    const chat = converse(ratingFlow({ text: "1 to 5, please.", max: 2, exhausted: "gaveUp" }));
    await chat.start();
    const result = await chat.say("great");
    expect(botTexts(result)).toEqual(["1 to 5, please."]);
    expect(result.outcome).toEqual({ type: "waiting", blockId: "rating" });
    expect(stepKinds(result)).toEqual(["rating:validation_failed", "rating:retry"]);
  });

  it("should go to retry.exhausted after retry.max retries", async () => {
    const chat = converse(ratingFlow({ text: "1 to 5, please.", max: 2, exhausted: "gaveUp" }));
    await chat.start();
    expect(botTexts(await chat.say("a"))).toEqual(["1 to 5, please."]);
    expect(botTexts(await chat.say("b"))).toEqual(["1 to 5, please."]);
    const third = await chat.say("c");
    expect(botTexts(third)).toEqual(["Never mind."]);
    expect(stepKinds(third)).toContain("rating:retries_exhausted");
    expect(third.outcome).toEqual({ type: "ended" });
  });

  it("should go straight to exhausted when retry.max is 0", async () => {
    const chat = converse(ratingFlow({ text: "unused", max: 0, exhausted: "gaveUp" }));
    await chat.start();
    expect(botTexts(await chat.say("x"))).toEqual(["Never mind."]);
  });

  it("should retry forever with a generic text when there is no retry config", async () => {
    const chat = converse(ratingFlow());
    await chat.start();
    for (let attempt = 1; attempt <= 5; attempt++) {
      const result = await chat.say("nope");
      expect(botTexts(result)).toEqual(["Please answer with a whole number from 1 to 5."]);
      expect(result.state.retries).toBe(attempt);
    }
  });

  it("should reset the retry count after an accepted reply", async () => {
    const flow = buildFlow([
      {
        id: "first",
        type: "wait",
        validate: { type: "number" },
        retry: { text: "Number?", max: 1, exhausted: "end" },
        next: "second",
      },
      {
        id: "second",
        type: "wait",
        validate: { type: "number" },
        retry: { text: "Number?", max: 1, exhausted: "end" },
        next: "end",
      },
      { id: "end", type: "end" },
    ]);
    const chat = converse(flow);
    await chat.start();
    await chat.say("x");
    await chat.say("1");
    expect(chat.state.retries).toBe(0);
    expect(botTexts(await chat.say("y"))).toEqual(["Number?"]);
  });
});

describe("default retry texts", () => {
  it.each<[ReplyRule | undefined, string]>([
    [undefined, "Sorry, I didn't catch that. Could you try again?"],
    [{ type: "text" }, "Sorry, I didn't catch that. Could you try again?"],
    [{ type: "number" }, "Please answer with a number."],
    [{ type: "rating" }, "Please answer with a whole number from 1 to 5."],
    [{ type: "rating", min: 2, max: 4 }, "Please answer with a whole number from 2 to 4."],
    [{ type: "email" }, "Please enter a valid email address."],
    [{ type: "choice", options: ["a", "b"] }, "Please answer with one of: a, b."],
    [{ type: "choice" }, "Please answer with one of: ."],
  ])("should ask again for %j with %j", (rule, text) => {
    expect(defaultRetryText(rule)).toBe(text);
  });

  it("should list a block's quick replies, numbered and trimmed, for a choice", () => {
    const options = [
      { label: " Yes ", value: "y" },
      { label: "No", value: "n" },
    ];
    expect(defaultRetryText({ type: "choice" }, options)).toBe("Please pick one of: 1. Yes, 2. No.");
  });
});

describe("answering a wait block", () => {
  const waitStep = (kind: string, data: Record<string, unknown>) => ({ blockId: "n", blockType: "wait", kind, data });
  const numberFlow = (retry?: Record<string, unknown>) =>
    buildFlow([
      {
        id: "n",
        type: "wait",
        saveAs: "n",
        validate: { type: "number", max: 9 },
        ...(retry ? { retry } : {}),
        next: "done",
      },
      { id: "done", type: "end", text: "n={{n}}" },
      { id: "gaveUp", type: "end", text: "Bye." },
    ]);

  it("should record why a reply failed, the attempt and the limit, and template retry.text", async () => {
    const chat = converse(numberFlow({ text: "{{customer.name}}, a number up to 9", max: 2, exhausted: "gaveUp" }));
    await chat.start();
    const result = await chat.say("12");
    expect(botTexts(result)).toEqual(["Ada, a number up to 9"]);
    expect(result.steps).toEqual([
      waitStep("validation_failed", { rule: "number", reason: "above 9", text: "12" }),
      waitStep("retry", { attempt: 1, max: 2 }),
    ]);
    expect(result.state.retries).toBe(1);
    await chat.say("x");
    const third = await chat.say("y");
    expect(third.steps).toEqual([
      waitStep("validation_failed", { rule: "number", reason: "not a number", text: "y" }),
      waitStep("retries_exhausted", { retries: 2, max: 2 }),
      expect.objectContaining({ blockId: "gaveUp", kind: "entered" }),
    ]);
    expect(third.state.retries).toBe(0);
    expect(third.state.vars["n"]).toBeUndefined();
  });

  it("should leave max out of a retry step when retries are unlimited, and say the rule's default text", async () => {
    const chat = converse(numberFlow());
    await chat.start();
    const result = await chat.say("x");
    expect(result.steps[1]).toStrictEqual(waitStep("retry", { attempt: 1 }));
    expect(botTexts(result)).toEqual(["Please answer with a number."]);
    expect(result.outcome).toEqual({ type: "waiting", blockId: "n" });
  });

  it("should accept any reply as typed when the wait block has no rule, and save nothing without saveAs", async () => {
    const flow = buildFlow([
      { id: "w", type: "wait", saveAs: "said", next: "done" },
      { id: "done", type: "end", text: "[{{said}}]" },
    ]);
    const chat = converse(flow);
    await chat.start();
    expect(botTexts(await chat.say("  hi "))).toEqual(["[  hi ]"]);
    const unsaved = converse(
      buildFlow([
        { id: "w", type: "wait", next: "done" },
        { id: "done", type: "end" },
      ]),
    );
    await unsaved.start();
    expect((await unsaved.say("hi")).state.vars).toEqual({});
  });

  it("should end the conversation when retries run out and there is no exhausted block", async () => {
    const chat = converse(numberFlow({ text: "Again?", max: 1 }));
    await chat.start();
    await chat.say("x");
    const result = await chat.say("y");
    expect(botTexts(result)).toEqual([]);
    expect(result.outcome).toEqual({ type: "ended" });
  });

  it("should save a picked option's value even when the rule would refuse the text", async () => {
    const flow = buildFlow([
      {
        id: "w",
        type: "wait",
        saveAs: "size",
        options: [{ label: "Big", value: "99" }],
        validate: { type: "number", max: 9 },
        next: "done",
      },
      { id: "done", type: "end", text: "size={{size}}" },
    ]);
    const chat = converse(flow);
    await chat.start();
    expect(botTexts(await chat.say("big"))).toEqual(["size=99"]);
  });
});
