import { cosine, embeddedOnce, type SentenceEmbedder, type UnitVector } from "./embeddings.ts";

/**
 * Everyday lines that belong to no business intent: greetings, questions about the assistant,
 * acknowledgements. Short lines like these embed close to any short intent example ("hello" sits
 * at 0.54 from "goodbye"), so without a rival they were routed to whichever intent had one, and a
 * customer who said "hi" was told goodbye. A line nearer to these than to a block's intents is
 * none of its intents.
 */
export interface EverydayTopic {
  topic: string;
  lines: readonly string[];
  /**
   * How a flow describes an intent for this topic. The intent of a block whose description or
   * examples come this close to one of these (`adoptedTopicSimilarity`) takes the topic's lines
   * as its own: a flow that writes "End the chat" and nothing more then understands "see you",
   * "take care" and "I'm all set" too. Topics without it only ever compete.
   */
  describedAs?: readonly string[];
}

export const everydayChatTopics: readonly EverydayTopic[] = [
  {
    topic: "greeting",
    describedAs: ["hello", "say hello", "greeting", "greet the customer"],
    lines: ["hello", "hi", "hey", "hi there", "hey, how are you?", "good morning", "good afternoon", "what's up"],
  },
  {
    topic: "about the assistant",
    // A flow may answer these itself ("Questions about the assistant"): its intent then takes them.
    describedAs: ["questions about the assistant", "ask about the bot", "who the assistant is", "about the chatbot"],
    lines: [
      "help",
      "can you help me?",
      "what can you do?",
      "who are you?",
      "are you a bot?",
      "how does this work?",
      "what should I call you?",
      "who created you?",
    ],
  },
  { topic: "acknowledgement", lines: ["ok", "okay", "cool", "great", "nice", "I see", "sure", "got it"] },
  {
    // Load tests and people trying the widget out send numbered or placeholder lines; short, they
    // embed near short examples ("bye"), and "burst message 2" ended a conversation as a goodbye.
    topic: "test message",
    lines: ["test", "testing 1 2 3", "this is a test", "test message 1", "message 2", "ping", "lorem ipsum", "123"],
  },
  {
    // Nearly every flow ends on a goodbye intent, and customers take leave in many ways that a
    // one-line description ("End the chat") does not come near: "see you" was a wrong none.
    topic: "farewell",
    describedAs: [
      "goodbye",
      "say bye",
      "end the conversation",
      "end the chat",
      "close the chat",
      "finish the conversation",
    ],
    lines: [
      "bye",
      "goodbye",
      "bye for now",
      "see you",
      "see you later",
      "talk to you later",
      "take care",
      "have a good one",
      "have a great day",
      "that's all for now",
      "I'm all set, thanks",
      "nothing more, thank you",
      "farewell",
      "catch you later",
      "gotta go",
      "night!",
      "so long",
      "that'll be all",
      "cheerio",
    ],
  },
  {
    // Asking for a person is the other intent most support flows have (a handoff).
    topic: "a person",
    describedAs: [
      "talk to a human",
      "speak to a person",
      "connect me with an agent",
      "human agent",
      "customer service representative",
      "talk to someone",
      "speak to a member of staff",
    ],
    lines: [
      "I want to talk to a real person",
      "can I speak to someone",
      "get me a human",
      "put me through to an agent",
      "I need a representative",
      "connect me to customer support",
      "let me talk to an operator",
      "is there a real human here?",
      "live agent please",
      "can a member of staff help me",
    ],
  },
];

/**
 * A topic one of the block's own intents covers (one of its lines this close to one of the
 * intent's sentences) is left to that intent: a flow with a greeting intent keeps its greetings.
 */
export const claimedTopicSimilarity = 0.8;

/** An intent whose sentences come this close to a topic's `describedAs` takes the topic's lines as its own. */
export const adoptedTopicSimilarity = 0.7;

/**
 * A borrowed line counts a little less than the flow's own sentences: on the tuning domain set
 * 0.02 kept the in-scope gain and took two wrong goodbyes back to none ("I love you" had come
 * 0.59 from a farewell); 0 and 0.04 did worse (src/ai/README.md).
 */
export const adoptedLineDiscount = 0.02;

interface TopicVectors {
  lines: UnitVector[];
  describedAs: UnitVector[];
}

const embeddedTopics = embeddedOnce(everydayChatTopics.flatMap((topic) => [topic.lines, topic.describedAs ?? []]));

/** Each topic's lines and descriptions embedded, once per embedder; `undefined` while the model is unavailable. */
async function topicVectors(embedder: SentenceEmbedder): Promise<TopicVectors[] | undefined> {
  const groups = await embeddedTopics(embedder);
  return (
    groups && everydayChatTopics.map((_, t) => ({ lines: groups[2 * t] ?? [], describedAs: groups[2 * t + 1] ?? [] }))
  );
}

/** Embeds the everyday lines ahead of the first message; `false` while the model is unavailable. */
export async function warmUpEverydayChat(embedder: SentenceEmbedder): Promise<boolean> {
  return (await topicVectors(embedder)) !== undefined;
}

/** A block's intents as embedded: per intent, its sentences as written and, per sentence, its variants. */
export interface EmbeddedIntents {
  asWritten: UnitVector[][];
  variants: UnitVector[][];
}

export interface EverydayChatOfBlock {
  /** The everyday lines the block competes with: those of every topic its intents neither adopt nor cover. */
  rivals: UnitVector[];
  /** Per intent, in the block's order, the lines of the topics it adopted. */
  adopted: UnitVector[][];
  /** Per intent, the texts of those lines (their words join the intent's for word overlap). */
  adoptedTexts: string[][];
}

/**
 * How close each intent's sentences come to how each topic is described: `[intent][topic]`, the
 * best cosine between one of the intent's sentences and one of the topic's descriptions.
 */
export function nearnessToTopics(intents: EmbeddedIntents, topicDescriptions: readonly UnitVector[][]): number[][] {
  return intents.variants.map((sentences) =>
    topicDescriptions.map((phrases) =>
      Math.max(-1, ...sentences.flatMap((own) => phrases.map((phrase) => cosine(own, phrase)))),
    ),
  );
}

/** Index of the largest value (the first of equals); 0 for an empty list. */
export function indexOfMax(values: readonly number[]): number {
  return values.reduce((top, value, index) => (value > (values[top] ?? -1) ? index : top), 0);
}

/**
 * Which topics the block's intents adopt (each topic by the one intent nearest its
 * `describedAs`, if that is close enough) and which lines are left to compete with them.
 */
export async function everydayChatFor(
  intents: EmbeddedIntents | undefined,
  embedder: SentenceEmbedder,
): Promise<EverydayChatOfBlock> {
  if (intents === undefined) return { rivals: [], adopted: [], adoptedTexts: [] };
  const topics = (await topicVectors(embedder)) ?? [];
  const nearness = nearnessToTopics(
    intents,
    topics.map((topic) => topic.describedAs),
  );
  const adopted: UnitVector[][] = intents.variants.map(() => []);
  const adoptedTexts: string[][] = intents.variants.map(() => []);
  const rivals: UnitVector[] = [];
  const ownWritten = intents.asWritten.flat();
  topics.forEach((topic, t) => {
    const column = nearness.map((row) => row[t] ?? -1);
    const best = indexOfMax(column);
    const closeness = column[best] ?? -1;
    // The intent takes the topic only if it is close enough, and no other topic is closer to it
    // ("Say goodbye" sits 0.6 from "say hello": the farewells, not the greetings).
    const ownBest = Math.max(...(nearness[best] ?? []));
    if (closeness >= adoptedTopicSimilarity && closeness >= ownBest) {
      adopted[best]?.push(...topic.lines);
      adoptedTexts[best]?.push(...(everydayChatTopics[t]?.lines ?? []));
      return;
    }
    const claimed = (line: UnitVector) => ownWritten.some((own) => cosine(line, own) >= claimedTopicSimilarity);
    if (!topic.lines.some(claimed)) rivals.push(...topic.lines);
  });
  return { rivals, adopted, adoptedTexts };
}
