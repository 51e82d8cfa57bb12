import { afterAll, describe, expect, it } from "vitest";
import type { IntentCandidate } from "../../src/engine/ports.ts";
import { createIntentRefResolver, createIntentRefs } from "../../src/ai/offline/intent-refs.ts";
import type { OfflineNlp } from "../../src/ai/offline/offline-nlp.ts";
import { createWorkerNlp } from "../../src/ai/offline/worker-nlp.ts";

const intents: IntentCandidate[] = [
  { id: "weather", description: "Give me the weather", examples: ["will it rain tomorrow?"] },
  { id: "travel", description: "Give me travel offers", examples: ["cheap flights to Rome"] },
];
const intentOf = (text: string) => ({ flowKey: "flow-1", blockId: "route", text, intents });

const warnings: string[] = [];
const loads: boolean[] = [];
const nlp = createWorkerNlp({ onWarning: (warning) => warnings.push(warning), onLoaded: (e) => loads.push(e) });
afterAll(() => nlp.close());

/** What a worker that only records its requests (fixtures/recording-nlp-worker.mjs) was asked while `use` ran. */
async function recorded(use: (nlp: OfflineNlp) => Promise<void>): Promise<string[]> {
  const asked: string[] = [];
  const recording = createWorkerNlp({
    entry: new URL("./fixtures/recording-nlp-worker.mjs", import.meta.url),
    onWarning: (op) => asked.push(op),
  });
  try {
    await use(recording);
  } finally {
    await recording.close();
  }
  return asked;
}

describe("offline classifiers in a worker thread", () => {
  it("should load the models there and classify intents and sentiment", async () => {
    expect(await nlp.warmUp()).toBe(true);
    const [rain, flights] = await Promise.all([
      nlp.classifyIntent(intentOf("is it going to rain tomorow")),
      nlp.classifyIntent(intentOf("any cheap flight to Paris?")),
    ]);
    expect(rain).toMatchObject({ status: "ok", intent: "weather" });
    expect(flights).toMatchObject({ status: "ok", intent: "travel" });
    expect(rain.classifier).toMatch(/^offline/);
    expect(await nlp.classifySentiment({ rating: 4, comment: "not helpful at all" })).toMatchObject({
      sentiment: "negative",
      classifier: "offline-wink",
    });
    expect(warnings).toEqual([]);
  });

  it("should load the models once however often it is warmed up", async () => {
    expect(await Promise.all([nlp.warmUp(), nlp.warmUp()])).toEqual([true, true]);
    await nlp.classifySentiment({ rating: 5, comment: "great" });
    expect(await nlp.warmUp()).toBe(true);
    expect(loads).toEqual([true]);
  });

  it("should send each block to be prepared once per worker, and again to a new worker", async () => {
    const asked: string[] = [];
    let unloaded = () => {};
    const recording = createWorkerNlp({
      entry: new URL("./fixtures/recording-nlp-worker.mjs", import.meta.url),
      unloadAfterIdleMs: 1,
      onWarning: (op) => asked.push(op),
      onUnloaded: () => unloaded(),
    });
    const block = (blockId: string) => ({ flowKey: "flow-2", blockId, intents });
    try {
      await recording.prepareIntents([block("route")]);
      await Promise.all([
        recording.prepareIntents([block("route"), block("second")]),
        recording.prepareIntents([block("route")]),
      ]);
      expect(asked).toEqual(["batch of 2", "warmUp", "prepareIntents route as 1", "prepareIntents second as 1"]);
      await new Promise<void>((resolve) => (unloaded = resolve));
      // The idle worker was stopped: the next one knows nothing, and is told again.
      await recording.prepareIntents([block("route")]);
      expect(asked.slice(4)).toEqual(["batch of 2", "warmUp", "prepareIntents route as 1"]);
    } finally {
      await recording.close();
    }
  });

  it("should send a block's intents once per worker, then name them by number", async () => {
    const others: IntentCandidate[] = [{ id: "bye", description: "Say goodbye", examples: [] }];
    const asked = await recorded(async (recording) => {
      await recording.classifyIntent(intentOf("first line"));
      await recording.classifyIntent(intentOf("second line"));
      await recording.prepareIntents([{ flowKey: "flow-1", blockId: "end", intents: others }]);
      await recording.classifyIntent({ flowKey: "flow-1", blockId: "end", text: "bye", intents: others });
      // Equal intents in another array are another list: sent in full once.
      await recording.classifyIntent({ ...intentOf("third line"), intents: [...intents] });
    });
    expect(asked).toEqual([
      // The warm-up a new worker is started with and the first request go in one message.
      "batch of 2",
      "warmUp",
      "intent route with 2 intents as 1",
      "intent route by number 1",
      "prepareIntents end as 2",
      "intent end by number 2",
      "intent route with 2 intents as 3",
    ]);
  });

  it("should send a request in full again when the worker no longer knows its intents", async () => {
    const asked = await recorded(async (recording) => {
      await recording.classifyIntent(intentOf("first line"));
      await recording.classifyIntent(intentOf("forget me"));
    });
    expect(asked).toEqual([
      "batch of 2",
      "warmUp",
      "intent route with 2 intents as 1",
      "intent route by number 1",
      "intent route with 2 intents as 1",
    ]);
  });

  it("should post the requests of one turn of the event loop as one message, each answered", async () => {
    const answers: unknown[] = [];
    const asked = await recorded(async (recording) => {
      await recording.warmUp();
      // Many customers' lines arriving together: one message crosses, in the order they were asked.
      const lines = ["one", "two", "three", "four"].map((text) => recording.classifyIntent(intentOf(text)));
      answers.push(...(await Promise.all(lines)));
      await recording.classifySentiment({ rating: 5, comment: "alone" });
    });
    expect(asked).toEqual([
      "warmUp",
      "batch of 4",
      "intent route with 2 intents as 1",
      "intent route by number 1",
      "intent route by number 1",
      "intent route by number 1",
      "sentiment",
    ]);
    expect(answers).toHaveLength(4);
  });

  it("should stop an idle worker and start a loaded one when asked again", async () => {
    const events: string[] = [];
    let unloaded = () => {};
    const nextUnload = () => new Promise<void>((resolve) => (unloaded = resolve));
    let unloading = nextUnload();
    const lean = createWorkerNlp({
      unloadAfterIdleMs: 1,
      onLoaded: (embeddings) => events.push(`loaded ${embeddings}`),
      onUnloaded: () => {
        events.push("unloaded");
        unloaded();
      },
    });
    try {
      expect(await lean.warmUp()).toBe(true);
      await unloading;
      unloading = nextUnload();
      // A line after the unload starts a new worker, which loads its models first and answers.
      expect(await lean.classifyIntent(intentOf("is it going to rain tomorow"))).toMatchObject({
        status: "ok",
        intent: "weather",
      });
      await unloading;
      expect(events).toEqual(["loaded true", "unloaded", "loaded true", "unloaded"]);
    } finally {
      await lean.close();
    }
  });

  it("should answer many requests at once, each with its own outcome", async () => {
    const texts = Array.from({ length: 20 }, (_, i) => (i % 2 ? `will it rain on day ${i}` : `flights to city ${i}`));
    const outcomes = await Promise.all(texts.map((text) => nlp.classifyIntent(intentOf(text))));
    expect(outcomes.map((o) => (o.status === "ok" ? o.intent : o.error))).toEqual(
      texts.map((_, i) => (i % 2 ? "weather" : "travel")),
    );
  });

  it("should classify on this thread, pending requests included, when the worker dies", async () => {
    const lost: string[] = [];
    const dying = createWorkerNlp({
      entry: new URL("./fixtures/dying-nlp-worker.mjs", import.meta.url),
      onWarning: (warning) => lost.push(warning),
    });
    try {
      const outcome = await dying.classifyIntent(intentOf("will it rain tomorrow?"));
      expect(outcome).toMatchObject({ status: "ok", intent: "weather" });
      expect(lost.join("\n")).toMatch(/worker unavailable.*exited with code 7/);
      expect(await dying.classifySentiment({ rating: 5, comment: "great, thank you" })).toMatchObject({
        sentiment: "positive",
      });
    } finally {
      await dying.close();
    }
  });

  it("should answer what is pending or asked after close without loading anything", async () => {
    const closing = createWorkerNlp();
    const warming = closing.warmUp();
    await closing.close();
    expect(await warming).toBe(false);
    expect(await closing.classifyIntent(intentOf("will it rain?"))).toMatchObject({ status: "error" });
    expect(await closing.classifySentiment({ rating: 5, comment: "great" })).toMatchObject({ classifier: "rating" });
  });
});

describe("intent lists by number across the thread boundary", () => {
  it("should turn a request by number back into the full request, and know no number it forgot", () => {
    const refs = createIntentRefs();
    const resolve = createIntentRefResolver(1);
    const other: IntentCandidate[] = [{ id: "bye", description: "Say goodbye", examples: [] }];
    const ask = (id: number, text: string, list = intents) =>
      refs.message(id, { op: "intent", request: { ...intentOf(text), intents: list } });

    expect(resolve(ask(1, "hello"))).toEqual({ op: "intent", request: intentOf("hello") });
    const byNumber = ask(2, "again");
    expect(byNumber).toEqual({ id: 2, byRef: { ref: 1, flowKey: "flow-1", blockId: "route", text: "again" } });
    expect(resolve(byNumber)).toEqual({ op: "intent", request: intentOf("again") });
    // The resolver keeps one list: the other one pushes the first out.
    resolve(ask(3, "bye", other));
    expect(resolve(ask(4, "once more"))).toBeUndefined();
  });
});
