import { describe, expect, it } from "vitest";
import { botTexts, converse } from "../utils/converse.ts";
import { buildFlow } from "../utils/flows.ts";

async function endWith(end: Record<string, unknown>) {
  const flow = buildFlow([
    { id: "hello", type: "wait", saveAs: "said", next: "bye" },
    { id: "bye", type: "end", ...end },
  ]);
  const chat = converse(flow);
  await chat.start();
  return chat.say("thanks");
}

describe("end block", () => {
  it("should say its templated text and end the conversation", async () => {
    const result = await endWith({ text: "Bye {{customer.name}}, you said {{said}}." });
    expect(result.outputs).toEqual([{ text: "Bye Ada, you said thanks.", blockId: "bye" }]);
    expect(result.outcome).toEqual({ type: "ended" });
  });

  it.each([
    ["no text", {}],
    ["an empty text", { text: "" }],
    ["a blank text", { text: " \n " }],
  ])("should end silently with %s", async (_case, end) => {
    const result = await endWith(end);
    expect(botTexts(result)).toEqual([]);
    expect(result.outcome).toEqual({ type: "ended" });
  });
});
