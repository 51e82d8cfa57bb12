import { describe, expect, it } from "vitest";
import { matchOption } from "../../src/engine/runtime/matchOption.ts";
import { botTexts, converse } from "../utils/converse.ts";
import { buildFlow } from "../utils/flows.ts";

const TOPICS = [
  { label: "Weather", value: "weather" },
  { label: "Travel offers", value: "travel" },
  { label: "Restaurants", value: "food" },
];

/** A topic question offering TOPICS; `validate` makes it a choice (or anything else). */
function topicFlow(wait: Record<string, unknown> = {}) {
  return buildFlow([
    { id: "ask", type: "message", text: "What would you like?", next: "pick" },
    { id: "pick", type: "wait", saveAs: "topic", options: TOPICS, next: "done", ...wait },
    { id: "done", type: "end", text: "Topic: {{topic}}" },
  ]);
}

async function replyTo(text: string, wait: Record<string, unknown> = {}) {
  const chat = converse(topicFlow(wait));
  await chat.start();
  return chat.say(text);
}

describe("quick replies on a wait block", () => {
  it("should carry the block's options in the waiting outcome", async () => {
    const result = await converse(topicFlow()).start();
    expect(result.outcome).toEqual({ type: "waiting", blockId: "pick", options: TOPICS });
  });

  it("should leave options out of a waiting outcome at a wait block without them", async () => {
    const flow = buildFlow([
      { id: "listen", type: "wait", next: "done" },
      { id: "done", type: "end" },
    ]);
    expect((await converse(flow).start()).outcome).toEqual({ type: "waiting", blockId: "listen" });
  });

  it.each([
    ["a label in another case, with spaces around it", "  travel OFFERS ", "travel"],
    ["a value", "food", "food"],
    ["a value in another case", "WEATHER", "weather"],
    ["an option's number", "2", "travel"],
    ["an option's number with spaces", " 3 ", "food"],
  ])("should save the option's value under saveAs for %s", async (_case, reply, value) => {
    const result = await replyTo(reply, { validate: { type: "choice" } });
    expect(result.state.vars["topic"]).toBe(value);
    expect(botTexts(result)).toEqual([`Topic: ${value}`]);
  });

  it("should keep free text as typed when the block is not a choice", async () => {
    const result = await replyTo("Something else entirely");
    expect(result.state.vars["topic"]).toBe("Something else entirely");
  });

  it("should keep a number beyond the options as typed when the block is not a choice", async () => {
    const result = await replyTo("4");
    expect(result.state.vars["topic"]).toBe("4");
  });

  it.each([["4"], ["0"], ["something else"]])(
    "should refuse %j at a choice, listing the options in the retry and offering them again",
    async (reply) => {
      const result = await replyTo(reply, { validate: { type: "choice" } });
      expect(botTexts(result)).toEqual(["Please pick one of: 1. Weather, 2. Travel offers, 3. Restaurants."]);
      expect(result.outcome).toEqual({ type: "waiting", blockId: "pick", options: TOPICS });
      expect(result.state.vars["topic"]).toBeUndefined();
      expect(result.steps).toContainEqual(
        expect.objectContaining({
          blockId: "pick",
          kind: "validation_failed",
          data: expect.objectContaining({ rule: "choice" }),
        }),
      );
    },
  );

  it("should send the block's own retry text at a choice when it has one", async () => {
    const result = await replyTo("nope", { validate: { type: "choice" }, retry: { text: "Pick a topic, please." } });
    expect(botTexts(result)).toEqual(["Pick a topic, please."]);
  });

  it("should let another rule judge a reply that picks no option", async () => {
    const flow = buildFlow([
      {
        id: "rate",
        type: "wait",
        saveAs: "stars",
        options: [{ label: "Loved it", value: "5" }],
        validate: { type: "rating" },
        next: "done",
      },
      { id: "done", type: "end" },
    ]);
    const picked = converse(flow);
    await picked.start();
    expect((await picked.say("loved it")).state.vars["stars"]).toBe("5");
    const typed = converse(flow);
    await typed.start();
    expect((await typed.say("4")).state.vars["stars"]).toBe(4);
    const refused = converse(flow);
    await refused.start();
    expect(botTexts(await refused.say("9"))).toEqual(["Please answer with a whole number from 1 to 5."]);
  });

  it("should offer the options again when a resumable trigger returns to the wait", async () => {
    const flow = buildFlow(
      [
        { id: "pick", type: "wait", saveAs: "topic", options: TOPICS, validate: { type: "choice" }, next: "done" },
        { id: "done", type: "end" },
        { id: "help", type: "message", text: "Type a topic or its number.", next: "back" },
        { id: "back", type: "return" },
      ],
      { triggers: [{ id: "help", keywords: ["help"], goto: "help", resume: true }] },
    );
    const chat = converse(flow);
    await chat.start();
    const result = await chat.say("help");
    expect(result.outcome).toEqual({ type: "waiting", blockId: "pick", options: TOPICS });
  });
});

describe("matchOption", () => {
  const SIZES = [
    { label: " Small cup ", value: "2" },
    { label: "Large", value: " 1 " },
    { label: "Medium", value: "m" },
  ];

  it.each<[string, string | undefined]>([
    ["small cup", " Small cup "], // labels are compared without their surrounding spaces
    ["1", "Large"], // a value, spaces around it ignored, before an option's number
    ["2", " Small cup "], // a value that looks like a number is still a value
    ["3", "Medium"], // the third option, by its number
    ["4", undefined],
    ["M", "Medium"],
    ["medium cup", undefined],
  ])("should pick for %j the option labelled %j", (reply, label) => {
    expect(matchOption(SIZES, reply)?.label).toBe(label);
  });
});
