import { beforeAll, describe, expect, it } from "vitest";
import type { IntentCandidate } from "../../src/engine/ports.ts";
import { createSentenceEmbedder, type SentenceEmbedder } from "../../src/ai/offline/embeddings.ts";
import { createOfflineIntentMatcher } from "../../src/ai/offline/intent-matcher.ts";

const intents: IntentCandidate[] = [
  { id: "weather", description: "Give me the weather", examples: ["will it rain tomorrow?"] },
  { id: "travel", description: "Give me travel offers", examples: ["cheap flights to Rome"] },
  { id: "restaurants", description: "Give me restaurant recommendations", examples: [] },
];
const request = (text: string, blockId = "route") => ({ flowKey: "flow-1", blockId, text, intents });

// One model per file: loading it costs a few hundred milliseconds of CPU.
const embedder = createSentenceEmbedder();
let embeddedSentences = 0;
const countingEmbedder: SentenceEmbedder = {
  ...embedder,
  embed: (texts) => {
    embeddedSentences += texts.length;
    return embedder.embed(texts);
  },
};
beforeAll(async () => {
  expect(await embedder.warmUp()).toBe(true);
});

describe("offline intent matcher", () => {
  it("should route paraphrases with typos to the right intent", async () => {
    const matcher = createOfflineIntentMatcher({ embedder });
    const outcomes = await Promise.all(
      ["is it gonna rain in paris tmrw", "show me discounted flihgts", "where can we have dinner tonight"].map((text) =>
        matcher.classify(request(text)),
      ),
    );
    expect(outcomes.map((o) => (o.status === "ok" ? o.intent : o.error))).toEqual(["weather", "travel", "restaurants"]);
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ status: "ok", classifier: "offline-embeddings" });
      if (outcome.status === "ok") expect(outcome.confidence).toBeGreaterThanOrEqual(0.5);
    }
  });

  it("should answer none for lines that match no intent", async () => {
    const matcher = createOfflineIntentMatcher({ embedder });
    for (const text of ["I want to reset my password", "asdfgh jkl", "my invoice is wrong"]) {
      const outcome = await matcher.classify(request(text));
      expect(outcome).toMatchObject({ status: "ok", intent: null });
    }
  });

  it("should read a name among English function words as a sentence, not as gibberish", async () => {
    const matcher = createOfflineIntentMatcher({ embedder });
    const home: IntentCandidate[] = [
      { id: "music", description: "Play music", examples: [] },
      { id: "lights", description: "Turn the lights on or off", examples: [] },
    ];
    // No word of these lines but the name carries a topic, and the lexicon knows neither name.
    for (const text of ["put on Pandora", "can you put on Coldplay"]) {
      const outcome = await matcher.classify({ flowKey: "flow-1", blockId: "home", text, intents: home });
      expect(outcome, text).toMatchObject({ status: "ok", intent: "music" });
    }
  });

  it("should embed a block's intents once, then only the customer line", async () => {
    const matcher = createOfflineIntentMatcher({ embedder: countingEmbedder });
    await matcher.classify(request("will it snow?", "cached"));
    const afterFirst = embeddedSentences;
    await matcher.classify(request("is it sunny?", "cached"));
    // The line and its one content word, "sunny", embedded alone for the words' nearness in meaning.
    expect(embeddedSentences - afterFirst).toBe(2);
  });

  it("should build prepared blocks' prototypes ahead, so their first line embeds only itself", async () => {
    const matcher = createOfflineIntentMatcher({ embedder: countingEmbedder });
    const before = embeddedSentences;
    await matcher.prepare([
      { flowKey: "flow-1", blockId: "prepared", intents },
      { flowKey: "flow-1", blockId: "empty", intents: [] },
    ]);
    expect(embeddedSentences).toBeGreaterThan(before);
    const afterPrepare = embeddedSentences;
    expect(await matcher.classify(request("is it sunny?", "prepared"))).toMatchObject({ intent: "weather" });
    expect(embeddedSentences - afterPrepare).toBe(2);
  });

  it("should answer a line seen again at the same block without reading it again", async () => {
    const matcher = createOfflineIntentMatcher({ embedder: countingEmbedder });
    const first = await matcher.classify(request("will it be sunny in Rome on Sunday?", "repeated"));
    const afterFirst = embeddedSentences;
    const again = await matcher.classify(request("will it be sunny in Rome on Sunday?", "repeated"));
    expect(embeddedSentences).toBe(afterFirst);
    expect(again).toMatchObject({ status: "ok", intent: "weather", classifier: "offline-embeddings" });
    if (first.status === "ok" && again.status === "ok") expect(again.confidence).toBe(first.confidence);
    // Another block with the same intents reads the line for itself.
    await matcher.classify(request("will it be sunny in Rome on Sunday?", "elsewhere"));
    expect(embeddedSentences).toBeGreaterThan(afterFirst);
  });

  it("should keep no decisions when told to keep none", async () => {
    const matcher = createOfflineIntentMatcher({ embedder: countingEmbedder, rememberedDecisions: 0 });
    await matcher.classify(request("is it windy today?", "forgetful"));
    const afterFirst = embeddedSentences;
    await matcher.classify(request("is it windy today?", "forgetful"));
    expect(embeddedSentences).toBeGreaterThan(afterFirst);
  });

  it("should rebuild the prototypes when a key comes back with other intents", async () => {
    const matcher = createOfflineIntentMatcher({ embedder });
    await matcher.classify(request("will it snow?", "reused"));
    const outcome = await matcher.classify({
      ...request("will it snow?", "reused"),
      intents: [{ id: "bye", description: "Say goodbye", examples: ["bye"] }],
    });
    expect(outcome).toMatchObject({ status: "ok", intent: null });
  });

  it("should fall back to word overlap when the embedding model cannot load", async () => {
    const errors: unknown[] = [];
    const broken = createSentenceEmbedder({
      loadModel: () => Promise.reject(new Error("model files missing")),
      onError: (error) => errors.push(error),
    });
    const matcher = createOfflineIntentMatcher({ embedder: broken });
    const match = await matcher.classify(request("weather forcast please"));
    expect(match).toMatchObject({ status: "ok", intent: "weather", classifier: "offline-lexical" });
    const none = await matcher.classify(request("reset my password"));
    expect(none).toMatchObject({ status: "ok", intent: null });
    expect(broken.state()).toBe("failed");
    expect(errors).toHaveLength(1);
  });

  it("should answer none for an empty line without embedding it", async () => {
    const matcher = createOfflineIntentMatcher({ embedder: countingEmbedder });
    const before = embeddedSentences;
    expect(await matcher.classify(request("   "))).toMatchObject({ status: "ok", intent: null });
    expect(embeddedSentences).toBe(before);
  });
});

describe("offline intent matcher and everyday chat", () => {
  const goodbye: IntentCandidate = {
    id: "goodbye",
    description: "Say goodbye and end the conversation",
    examples: ["bye", "goodbye", "see you later", "that's all, thanks", "I'm done"],
  };
  const routeOf = async (
    matcher: ReturnType<typeof createOfflineIntentMatcher>,
    text: string,
    with_: IntentCandidate[],
  ) => {
    const outcome = await matcher.classify({
      flowKey: "flow-1",
      blockId: with_.map((i) => i.id).join(),
      text,
      intents: with_,
    });
    return outcome.status === "ok" ? outcome.intent : outcome.error;
  };
  /** Each of `texts`, classified among `with_`, goes to `intent` (null: none); a miss names its line. */
  const expectRoutes = async (
    matcher: ReturnType<typeof createOfflineIntentMatcher>,
    with_: IntentCandidate[],
    texts: string[],
    intent: string | null,
  ) => {
    for (const text of texts) {
      expect({ text, intent: await routeOf(matcher, text, with_) }).toEqual({ text, intent });
    }
  };

  it("should not take a greeting, a question about the assistant or an ok for goodbye", async () => {
    const matcher = createOfflineIntentMatcher({ embedder });
    const block = [...intents, goodbye];
    await expectRoutes(
      matcher,
      block,
      ["hello", "hi there", "good morning", "help", "what can you do?", "ok", "cool"],
      null,
    );
    await expectRoutes(matcher, block, ["bye", "see ya", "ok thanks, bye!", "I'm done, thank you"], "goodbye");
  });

  it("should not take a load-test line for goodbye", async () => {
    const matcher = createOfflineIntentMatcher({ embedder });
    const defaultFlow = [...intents, { ...goodbye, examples: ["bye", "that's all, thanks", "see you later"] }];
    for (const block of [defaultFlow, [...intents, goodbye]]) {
      await expectRoutes(matcher, block, ["burst message 2", "load test 7", "test msg 15", "message 40 of 100"], null);
    }
  });

  it("should reach an intent given by its description alone through the description's content words", async () => {
    const matcher = createOfflineIntentMatcher({ embedder });
    // "Say goodbye and end the conversation" is mostly frame; "see ya" is near "goodbye end conversation".
    const block = [...intents, { ...goodbye, examples: [] }];
    await expectRoutes(matcher, block, ["see ya", "cya later", "thank you, bye"], "goodbye");
  });

  it("should weigh the words' nearness in meaning, not only the whole line's", async () => {
    const matcher = createOfflineIntentMatcher({ embedder });
    // Described only: the whole line sits nearer "Tell me the interest rate" ("how much…"); its
    // word "checking" is nearer "account balance".
    const banking: IntentCandidate[] = [
      { id: "balance", description: "Check my account balance", examples: [] },
      { id: "transfer", description: "Send money to another account", examples: [] },
      { id: "freeze", description: "Freeze my bank account", examples: [] },
      { id: "pay_bill", description: "Pay a bill", examples: [] },
      { id: "interest", description: "Tell me the interest rate", examples: [] },
    ];
    expect(await routeOf(matcher, "how much do I have in checking right now", banking)).toBe("balance");
  });

  it("should leave greetings to a block with its own greeting intent", async () => {
    const matcher = createOfflineIntentMatcher({ embedder });
    const greeting: IntentCandidate = { id: "greeting", description: "Say hello", examples: ["hello", "hi there"] };
    const block = [...intents, goodbye, greeting];
    await expectRoutes(matcher, block, ["hi", "hey", "good morning"], "greeting");
    expect(await routeOf(matcher, "ok", block)).toBeNull();
  });

  it("should give an intent described as a goodbye the everyday farewells, and a block without one none", async () => {
    const matcher = createOfflineIntentMatcher({ embedder });
    // "End the chat" alone comes near none of these; the farewell lines it adopts do.
    const smartHome: IntentCandidate[] = [
      { id: "lights", description: "Turn the lights on or off", examples: [] },
      { id: "music", description: "Play some music", examples: [] },
      { id: "leave", description: "End the chat", examples: [] },
    ];
    await expectRoutes(
      matcher,
      smartHome,
      ["bye bye", "take care now", "see you tomorrow", "thanks, I'm all set"],
      "leave",
    );
    // The block's other intents do not borrow what they were not described as.
    expect(await routeOf(matcher, "turn off the kitchen lamp", smartHome)).toBe("lights");
    // Without an intent to take them, farewells compete with the block: none, not music.
    const noGoodbye = smartHome.filter((intent) => intent.id !== "leave");
    await expectRoutes(matcher, noGoodbye, ["bye bye", "see you tomorrow"], null);
  });

  it("should let an intent take only the topic it is described as, not a neighbouring one", async () => {
    const matcher = createOfflineIntentMatcher({ embedder });
    // "Say goodbye" is near "say hello" too; it takes the farewells, and greetings stay nobody's.
    const block = [...intents, { id: "goodbye", description: "Say goodbye", examples: [] }];
    await expectRoutes(matcher, block, ["hello", "hi there", "good morning"], null);
    expect(await routeOf(matcher, "take care, bye", block)).toBe("goodbye");
  });

  it("should give an intent described as asking for a person the everyday ways of asking", async () => {
    const matcher = createOfflineIntentMatcher({ embedder });
    const food: IntentCandidate[] = [
      { id: "order", description: "Order food for delivery", examples: [] },
      { id: "refund", description: "Ask for a refund", examples: [] },
      { id: "agent", description: "Talk to a human agent", examples: [] },
    ];
    await expectRoutes(
      matcher,
      food,
      ["can I talk to somebody real", "put me through to customer support please"],
      "agent",
    );
    expect(await routeOf(matcher, "I want my money back", food)).toBe("refund");
  });

  it("should give them to an intent described as talking to someone, too", async () => {
    const matcher = createOfflineIntentMatcher({ embedder });
    const gym: IntentCandidate[] = [
      { id: "join", description: "Become a member", examples: [] },
      { id: "classes", description: "Book a fitness class", examples: [] },
      { id: "staff", description: "Talk to someone at the club", examples: [] },
    ];
    await expectRoutes(matcher, gym, ["is there a real human I can talk to", "get me an actual person"], "staff");
  });
});
