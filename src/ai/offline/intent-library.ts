import { embeddedOnce, type SentenceEmbedder, type UnitVector } from "./embeddings.ts";
import { indexOfMax, nearnessToTopics, type EmbeddedIntents } from "./everyday-chat.ts";
import { intentLibrary } from "./intent-library-lines.ts";

/**
 * An intent whose sentences come this close to how a library topic is described takes the
 * topic's lines as extra examples (a flow that writes only "Freeze or lock my card" then knows
 * "block my card", "put a hold on my account"…). The everyday topics' value: on the tuning
 * domain set 0.6 and 0.65 read the same and cost the default block two out-of-scope lines, 0.75
 * lost four in-scope lines (src/ai/README.md).
 */
export const libraryTopicSimilarity = 0.7;

/**
 * A library line counts a little less than the flow's own sentences, as an adopted everyday line
 * does; its lines count for the midpoint too (not counting them: out of scope 95 → 88 %).
 */
export const libraryLineDiscount = 0.02;

const embeddedDescriptions = embeddedOnce(intentLibrary.map((topic) => topic.describedAs));
/** Each topic's lines, embedded only once some block adopts the topic (most never are). */
const embeddedLines = intentLibrary.map((topic) => embeddedOnce([topic.lines]));

/** Embeds how every topic is described ahead of the first intent block; `false` while the model is unavailable. */
export async function warmUpIntentLibrary(embedder: SentenceEmbedder): Promise<boolean> {
  return (await embeddedDescriptions(embedder)) !== undefined;
}

/**
 * Per intent of the block, in its order, the library lines it adopts: each intent at most the
 * one topic nearest to its sentences, if close enough and if no other intent of the block is
 * nearer to that topic. Empty without embeddings.
 */
export async function libraryLinesFor(
  intents: EmbeddedIntents | undefined,
  embedder: SentenceEmbedder,
): Promise<UnitVector[][]> {
  if (intents === undefined) return [];
  const described = await embeddedDescriptions(embedder);
  if (described === undefined) return intents.variants.map(() => []);
  const nearness = nearnessToTopics(intents, described);
  return Promise.all(
    nearness.map(async (row) => {
      const topic = indexOfMax(row);
      const closeness = row[topic] ?? -1;
      const nearestIntent = Math.max(...nearness.map((other) => other[topic] ?? -1));
      if (closeness < libraryTopicSimilarity || closeness < nearestIntent) return [];
      const lines = await embeddedLines[topic]?.(embedder);
      return lines?.[0] ?? [];
    }),
  );
}
