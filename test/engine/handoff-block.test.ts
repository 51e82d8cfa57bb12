import { describe, expect, it } from "vitest";
import { runTurn } from "../../src/engine/run-turn.ts";
import { initialState } from "../../src/engine/types.ts";
import { validateFlow } from "../../src/engine/validation/validateFlow.ts";
import { botTexts, converse, stepKinds } from "../utils/converse.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { buildFlow } from "../utils/flows.ts";

const customer = { id: "c1", name: "Ada" };

function supportFlow() {
  return buildFlow(
    [
      { id: "hello", type: "message", text: "Hi {{customer.name}}!", next: "listen" },
      { id: "listen", type: "wait", saveAs: "request", next: "echo" },
      { id: "echo", type: "message", text: "You said {{request}}", next: "listen" },
      { id: "human", type: "handoff", text: "Connecting you to a person…", queue: "support", next: "welcomeBack" },
      { id: "welcomeBack", type: "message", text: "The bot is back.", next: "listen" },
      { id: "bye", type: "end", text: "Bye!" },
    ],
    { triggers: [{ id: "agent", keywords: ["agent", "human"], goto: "human" }] },
  );
}

describe("handoff block", () => {
  it("should send its text and wait at the handoff block, queued", async () => {
    const chat = converse(supportFlow());
    await chat.start();
    const result = await chat.say("I want a human");
    expect(botTexts(result)).toEqual(["Connecting you to a person…"]);
    expect(result.outcome).toEqual({ type: "waiting", blockId: "human", handoff: { queue: "support" } });
    expect(result.state.position).toEqual({ blockId: "human", status: "handoff" });
    expect(stepKinds(result)).toContain("human:handoff");
  });

  it("should stay silent and fire no trigger while a human holds the conversation", async () => {
    const chat = converse(supportFlow());
    await chat.start();
    await chat.say("agent please");
    const result = await chat.say("agent? hello? human?");
    expect(result.outputs).toEqual([]);
    expect(result.steps).toEqual([]);
    expect(result.outcome).toEqual({ type: "waiting", blockId: "human", handoff: { queue: "support" } });
  });

  it("should continue at the handoff block's next when released", async () => {
    const chat = converse(supportFlow());
    await chat.start();
    await chat.say("agent");
    const released = await runTurn(supportFlow(), chat.state, { type: "release", customer }, createFakePorts());
    expect(botTexts(released)).toEqual(["The bot is back."]);
    expect(released.steps[0]).toEqual({
      blockId: "human",
      blockType: "handoff",
      kind: "handoff",
      data: { event: "released", next: "welcomeBack" },
    });
    expect(released.outcome).toEqual({ type: "waiting", blockId: "listen" });
    expect(released.state.position).toEqual({ blockId: "listen", status: "waiting" });
  });

  it("should continue at a block the operator names", async () => {
    const chat = converse(supportFlow());
    await chat.start();
    await chat.say("agent");
    const released = await runTurn(
      supportFlow(),
      chat.state,
      { type: "release", customer, goto: "bye" },
      createFakePorts(),
    );
    expect(botTexts(released)).toEqual(["Bye!"]);
    expect(released.steps[0]?.data).toEqual({ event: "released", next: "bye" });
    expect(released.outcome).toEqual({ type: "ended" });
  });

  it("should refuse a release outside a handoff (a caller's bug)", async () => {
    const chat = converse(supportFlow());
    await chat.start();
    await expect(runTurn(supportFlow(), chat.state, { type: "release", customer }, createFakePorts())).rejects.toThrow(
      /not with an operator/,
    );
  });

  it("should refuse a release before the conversation started, or at a block that is no handoff", async () => {
    await expect(
      runTurn(supportFlow(), initialState(), { type: "release", customer }, createFakePorts()),
    ).rejects.toThrow("release: the conversation is not with an operator");
    // A state the engine never leaves: "handoff" at a wait block (the caller's or the store's bug).
    const chat = converse(supportFlow());
    const state = { ...(await chat.start()).state, position: { blockId: "listen", status: "handoff" as const } };
    await expect(runTurn(supportFlow(), state, { type: "release", customer }, createFakePorts())).rejects.toThrow(
      'release: "listen" is a wait block',
    );
  });

  it("should send nothing for a handoff without text", async () => {
    const chat = converse(
      buildFlow([
        { id: "h", type: "handoff", next: "done" },
        { id: "done", type: "end" },
      ]),
    );
    const result = await chat.start();
    expect(result.outputs).toEqual([]);
    expect(result.outcome).toEqual({ type: "waiting", blockId: "h", handoff: { queue: null } });
  });

  it("should send nothing for a blank text, and record the queue it joins", async () => {
    const chat = converse(
      buildFlow([
        { id: "h", type: "handoff", text: " \n ", queue: "billing", next: "done" },
        { id: "done", type: "end" },
      ]),
    );
    const result = await chat.start();
    expect(result.outputs).toEqual([]);
    expect(result.steps.filter((step) => step.kind === "handoff")).toEqual([
      { blockId: "h", blockType: "handoff", kind: "handoff", data: { event: "queued", queue: "billing" } },
    ]);
  });
});

describe("handoff block validation", () => {
  const flow = (block: Record<string, unknown>) =>
    validateFlow({ schemaVersion: 1, name: "H", start: "h", blocks: [block, { id: "done", type: "end" }] });

  it("should require next and check that it names a block", () => {
    const missing = flow({ id: "h", type: "handoff" });
    expect(missing.ok ? [] : missing.errors.map((e) => e.path)).toContain("/blocks/0/next");
    const unknown = flow({ id: "h", type: "handoff", next: "nowhere" });
    expect(unknown.ok ? [] : unknown.errors.map((e) => e.code)).toEqual(["UNKNOWN_TARGET"]);
  });

  it("should refuse a timeout until timers exist, and unknown fields", () => {
    const result = flow({ id: "h", type: "handoff", next: "done", timeout: 60 });
    expect(result.ok).toBe(false);
  });

  it("should count a handoff as a pause, so a loop through it is no runaway cycle", () => {
    const result = validateFlow({
      schemaVersion: 1,
      name: "Loop",
      start: "h",
      blocks: [
        { id: "h", type: "handoff", next: "m" },
        { id: "m", type: "message", text: "again", next: "h" },
      ],
    });
    expect(result.ok).toBe(true);
  });
});
