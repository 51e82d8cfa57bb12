// The built-in library of common customer intents (src/ai/offline/intent-library*.ts): its data
// stays apart from the evaluation sets, and a flow's intent described like a library topic
// understands the ways customers say it without examples of its own.
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { IntentCandidate } from "../../src/engine/ports.ts";
import { createSentenceEmbedder } from "../../src/ai/offline/embeddings.ts";
import { intentLibrary } from "../../src/ai/offline/intent-library-lines.ts";
import { createOfflineIntentMatcher } from "../../src/ai/offline/intent-matcher.ts";
import { buildPrototypes } from "../../src/ai/offline/intent-prototypes.ts";

const normalized = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, "")
    .replace(/\s+/g, " ")
    .trim();

/** Every string of the evaluation sets (`npm run eval`), normalized. */
function evalStrings(): Set<string> {
  const strings = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === "string") strings.add(normalized(value));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(walk);
  };
  for (const directory of ["eval", "eval-holdout", "eval-domains"]) {
    const path = new URL(`../fixtures/${directory}/`, import.meta.url);
    for (const file of fs.readdirSync(path).filter((name) => name.endsWith(".json"))) {
      walk(JSON.parse(fs.readFileSync(new URL(file, path), "utf8")));
    }
  }
  return strings;
}

describe("the intent library's data", () => {
  it("should hold distinct topics, each described 3 to 5 ways with at least 8 lines", () => {
    expect(new Set(intentLibrary.map((topic) => topic.id)).size).toBe(intentLibrary.length);
    for (const topic of intentLibrary) {
      expect(topic.describedAs.length, topic.id).toBeGreaterThanOrEqual(3);
      expect(topic.describedAs.length, topic.id).toBeLessThanOrEqual(5);
      expect(topic.lines.length, topic.id).toBeGreaterThanOrEqual(8);
    }
    const lines = intentLibrary.flatMap((topic) => [...topic.lines, ...topic.describedAs]).map(normalized);
    expect(lines.filter((line, index) => lines.indexOf(line) !== index)).toEqual([]);
  });

  it("should share no customer line with the evaluation sets, so they measure lines it was never given", () => {
    const evaluated = evalStrings();
    expect(evaluated.size).toBeGreaterThan(1000);
    const shared = intentLibrary.flatMap((topic) => topic.lines.filter((line) => evaluated.has(normalized(line))));
    expect(shared).toEqual([]);
  });
});

const embedder = createSentenceEmbedder();
beforeAll(async () => {
  expect(await embedder.warmUp()).toBe(true);
});

const described = (entries: [string, string][]): IntentCandidate[] =>
  entries.map(([id, description]) => ({ id, description, examples: [] }));

const banking = described([
  ["freeze", "Freeze or lock my bank account"],
  ["pay", "Pay a bill"],
  ["balance", "Check my account balance"],
  ["interest", "Tell me the interest rate"],
  ["transfer", "Send money to someone"],
]);
const shop = described([
  ["track", "Where is my order"],
  ["return", "Return a product"],
  ["cancel", "Cancel my order"],
  ["promo", "Apply a discount code"],
]);

/** A block's answer to one line, its intents as given (described only, here). */
const classifyDescribed = (text: string, intents: IntentCandidate[], blockId: string) =>
  createOfflineIntentMatcher({ embedder }).classify({ flowKey: "library", blockId, text, intents });

const pharmacy = described([
  ["ready", "Is my prescription ready"],
  ["advice", "Advice about symptoms"],
  ["delivery", "Deliver my medicine"],
  ["jab", "Book a flu jab"],
]);
const streaming = described([
  ["playback", "Video won't play"],
  ["plan", "Change my plan"],
  ["devices", "Watch on another device"],
  ["cancel", "Cancel my subscription"],
]);
const dentist = described([
  ["checkup", "Book a check-up"],
  ["emergency", "Dental emergency"],
  ["price", "Treatment prices"],
  ["register", "Register as a new patient"],
]);

describe("businesses the library learnt later (a pharmacy, a streaming service, a dentist)", () => {
  // Topics added on 2026-12-01 (src/ai/README.md, "More businesses"); each line went to none or
  // to another intent before them (checked against the library of that morning), descriptions alone.
  it.each([
    ["can I pick up my mum's tablets yet", "ready", pharmacy, "pharmacy"],
    ["can someone drop my repeat meds round, I can't get out", "delivery", pharmacy, "pharmacy"],
    ["the film keeps freezing and buffering", "playback", streaming, "streaming"],
    ["we just moved here, can the whole family join your practice", "register", dentist, "dentist"],
  ])("should route %j to %j", async (text, expected, intents, blockId) => {
    expect(await classifyDescribed(text, intents, blockId)).toMatchObject({ status: "ok", intent: expected });
  });
});

describe("intents described like a library topic", () => {
  // Each of these went to a wrong intent or none before the library (balance, interest,
  // freeze, none, track), with descriptions alone.
  it.each([
    ["block my card right now", "freeze", banking],
    ["somebody has my card, stop it from working", "freeze", banking],
    ["I need to put a hold on my debit card", "freeze", banking],
    ["how much is sitting in my savings", "balance", banking],
    ["wire 200 dollars to my brother", "transfer", banking],
    ["I want my money back for these shoes", "return", shop],
    ["I have a coupon, where do I enter it", "promo", shop],
    ["is it going to snow this weekend", null, shop],
  ])("should route %j to %j", async (text, expected, intents) => {
    expect(await classifyDescribed(text, intents, intents === banking ? "banking" : "shop")).toMatchObject({
      status: "ok",
      intent: expected,
    });
  });

  it("should give a topic to the one nearest intent, and none to an intent unlike every topic", async () => {
    const block = await buildPrototypes(
      described([
        ["lock", "Lock my card"],
        ["freeze", "Freeze my card"],
        ["poem", "Write a poem about the sea"],
      ]),
      embedder,
    );
    const adopting = block.intents.filter((intent) => intent.library.length > 0).map((intent) => intent.id);
    expect(adopting).toHaveLength(1);
    expect(["lock", "freeze"]).toContain(adopting[0]);
    expect(block.intents.find((intent) => intent.id === "poem")?.library).toEqual([]);
  });
});

const tools = described([
  ["timer", "Set a timer"],
  ["convert", "Convert between units"],
  ["define", "Define a word"],
]);
const assistantTalk = described([
  ["about", "Questions about the assistant"],
  ["joke", "Tell a joke"],
]);

describe("neighbouring topics no intent adopts", () => {
  it("should leave as rivals the topics near the block's intents, and not those it adopts or those far away", async () => {
    const block = await buildPrototypes(tools, embedder);
    expect(block.intents.every((intent) => intent.library.length > 0)).toBe(true);
    // Alarms sit beside timers; far fewer topics than the library's are left as rivals.
    expect(block.libraryRivals.length).toBeGreaterThan(0);
    expect(block.libraryRivals.length).toBeLessThan(intentLibrary.length / 2);
  });

  // A line that plainly means a neighbouring topic (an alarm, not a timer) went to the nearest
  // intent before; the block's own lines still reach their intents.
  it.each([
    ["set my alarm for 7:15", null, tools],
    ["alarm at 6 tomorrow morning please", null, tools],
    ["start a ten minute countdown for the pasta", "timer", tools],
    ["how many ounces make up a pound", "convert", tools],
    ["are you a robot or a person", "about", assistantTalk],
    ["who built you", "about", assistantTalk],
    // The library's topic of the assistant's name is near "Questions about the assistant" but
    // no rival: the everyday lines the intent took already speak for it.
    ["what is your name", "about", assistantTalk],
  ])("should route %j to %j", async (text, expected, intents) => {
    const matcher = createOfflineIntentMatcher({ embedder });
    const blockId = intents === tools ? "tools" : "talk";
    const outcome = await matcher.classify({ flowKey: "rivals", blockId, text, intents });
    expect(outcome).toMatchObject({ status: "ok", intent: expected });
  });
});

describe("an account freeze", () => {
  // "Freeze my … account" came nearest to closing an account (0.70) and took its lines.
  it("should take the card-freeze topic, not the account-closing one", async () => {
    const intents = described([
      ["freeze", "Freeze my savings account"],
      ["balance", "Check my account balance"],
      ["pay", "Pay a bill"],
    ]);
    const matcher = createOfflineIntentMatcher({ embedder });
    const outcome = await matcher.classify({
      flowKey: "freeze",
      blockId: "bank",
      text: "disable my debit card right now",
      intents,
    });
    expect(outcome).toMatchObject({ status: "ok", intent: "freeze" });
  });
});

describe("the words of adopted lines", () => {
  const food = described([
    ["track", "Track my food order"],
    ["order", "Order food"],
    ["menu", "Show the menu"],
    ["refund", "Get a refund"],
  ]);
  const telecom = described([
    ["outage", "Report a network outage"],
    ["bill", "Explain my bill"],
    ["data", "Check my data usage"],
    ["roaming", "Roaming abroad"],
  ]);

  // Both were none when only the descriptions' words counted for word overlap.
  it.each([
    ["my curry still hasn't arrived", "track", food],
    ["the internet is down at my house", "outage", telecom],
  ])("should route %j to %j", async (text, expected, intents) => {
    const matcher = createOfflineIntentMatcher({ embedder });
    const outcome = await matcher.classify({ flowKey: "words", blockId: expected, text, intents });
    expect(outcome).toMatchObject({ status: "ok", intent: expected });
  });

  it("should count the library's words for an intent described only, not for one with its own examples", async () => {
    const [describedOnly] = (await buildPrototypes(telecom, embedder)).intents;
    const withExamples = telecom.map((intent) =>
      intent.id === "outage" ? { ...intent, examples: ["no signal here", "the network is down"] } : intent,
    );
    const [exampled] = (await buildPrototypes(withExamples, embedder)).intents;
    expect(describedOnly?.library.length).toBeGreaterThan(0);
    expect(exampled?.library.length).toBeGreaterThan(0);
    // Described only: its own three words and the adopted topic's; with examples: its own.
    expect(describedOnly?.vocabulary.size).toBeGreaterThan(20);
    expect(exampled?.vocabulary.size).toBeLessThan(15);
  });
});
