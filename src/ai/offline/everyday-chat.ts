import { cosine, type SentenceEmbedder, type UnitVector } from "./embeddings.ts";

/**
 * Everyday lines that belong to no business intent: greetings, questions about the assistant,
 * acknowledgements. Short lines like these embed close to any short intent example ("hello" sits
 * at 0.54 from "goodbye"), so without a rival they were routed to whichever intent had one, and a
 * customer who said "hi" was told goodbye. A line nearer to these than to a block's intents is
 * none of its intents.
 */
export const everydayChatTopics: ReadonlyArray<{ topic: string; lines: readonly string[] }> = [
  {
    topic: "greeting",
    lines: ["hello", "hi", "hey", "hi there", "hey, how are you?", "good morning", "good afternoon", "what's up"],
  },
  {
    topic: "about the assistant",
    lines: ["help", "can you help me?", "what can you do?", "who are you?", "are you a bot?", "how does this work?"],
  },
  { topic: "acknowledgement", lines: ["ok", "okay", "cool", "great", "nice", "I see", "sure", "got it"] },
  {
    // Load tests and people trying the widget out send numbered or placeholder lines; short, they
    // embed near short examples ("bye"), and "burst message 2" ended a conversation as a goodbye.
    topic: "test message",
    lines: ["test", "testing 1 2 3", "this is a test", "test message 1", "message 2", "ping", "lorem ipsum", "123"],
  },
];

/**
 * A topic one of the block's own intents covers (one of its lines this close to one of the
 * intent's sentences) is left to that intent: a flow with a greeting intent keeps its greetings.
 */
export const claimedTopicSimilarity = 0.8;

const embedded = new WeakMap<SentenceEmbedder, Promise<UnitVector[][] | undefined>>();

/** Each topic's lines embedded, once per embedder; `undefined` while the model is unavailable. */
async function topicVectors(embedder: SentenceEmbedder): Promise<UnitVector[][] | undefined> {
  let pending = embedded.get(embedder);
  if (pending === undefined) {
    pending = embedder.embed(everydayChatTopics.flatMap((topic) => topic.lines)).then((vectors) => {
      if (vectors === undefined) return undefined;
      let offset = 0;
      return everydayChatTopics.map((topic) => vectors.slice(offset, (offset += topic.lines.length)));
    });
    embedded.set(embedder, pending);
  }
  const vectors = await pending;
  if (vectors === undefined) embedded.delete(embedder);
  return vectors;
}

/** Embeds the everyday lines ahead of the first message; `false` while the model is unavailable. */
export async function warmUpEverydayChat(embedder: SentenceEmbedder): Promise<boolean> {
  return (await topicVectors(embedder)) !== undefined;
}

/** The everyday lines a block competes with: those of every topic its intents do not cover. */
export async function everydayChatFor(
  intentVectors: UnitVector[] | undefined,
  embedder: SentenceEmbedder,
): Promise<UnitVector[]> {
  if (intentVectors === undefined) return [];
  const topics = (await topicVectors(embedder)) ?? [];
  const claimed = (line: UnitVector) => intentVectors.some((own) => cosine(line, own) >= claimedTopicSimilarity);
  return topics.filter((lines) => !lines.some(claimed)).flat();
}
