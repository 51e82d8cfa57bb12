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
 * A topic no intent of the block adopts, but one of them is described this near to, is a
 * neighbour of the block's domain (an alarm beside a timer, an expense report beside tax
 * documents): a line much nearer to its lines than to every intent is none of the block's
 * intents (`intentCalibration.libraryRivalMargin`). 0.45 read the same on every eval set.
 */
export const rivalTopicFrom = 0.5;
/**
 * …and below this nearness, because a topic that near may be what the intent means ("Car
 * service and maintenance" adopts tyre pressure and sits 0.73 from booking a service); 0.7
 * cost the default block a line.
 */
export const rivalTopicBelow = 0.65;

export interface LibraryOfBlock {
  /** Per intent of the block, in its order, the library lines it adopts. */
  adopted: UnitVector[][];
  /** Per neighbouring topic no intent adopts, its lines. */
  rivals: UnitVector[][];
  /** Per intent of the block, the texts of the lines it adopts (their words can join the intent's for word overlap). */
  adoptedTexts: (readonly string[])[];
}

/**
 * The library lines each intent adopts (each intent at most the one topic nearest to its
 * sentences, if close enough and if no other intent of the block is nearer to that topic),
 * and the neighbouring topics left as rivals. Empty without embeddings.
 */
export async function libraryLinesFor(
  intents: EmbeddedIntents | undefined,
  embedder: SentenceEmbedder,
): Promise<LibraryOfBlock> {
  if (intents === undefined) return { adopted: [], rivals: [], adoptedTexts: [] };
  const described = await embeddedDescriptions(embedder);
  if (described === undefined) return { adopted: intents.variants.map(() => []), rivals: [], adoptedTexts: [] };
  const nearness = nearnessToTopics(intents, described);
  const chosen = nearness.map((row) => {
    const topic = indexOfMax(row);
    const closeness = row[topic] ?? -1;
    const nearestIntent = Math.max(...nearness.map((other) => other[topic] ?? -1));
    return closeness < libraryTopicSimilarity || closeness < nearestIntent ? undefined : topic;
  });
  const linesOf = async (topic: number) => (await embeddedLines[topic]?.(embedder))?.[0] ?? [];
  // Every such topic: keeping only the nearest 8 or 16 caught fewer out-of-scope lines.
  const rivalTopics = described.flatMap((_, topic) => {
    if (chosen.includes(topic)) return [];
    const nearest = Math.max(...nearness.map((row) => row[topic] ?? -1));
    return nearest >= rivalTopicFrom && nearest < rivalTopicBelow ? [topic] : [];
  });
  const [adopted, rivals] = await Promise.all([
    Promise.all(chosen.map((topic) => (topic === undefined ? Promise.resolve([]) : linesOf(topic)))),
    Promise.all(rivalTopics.map(linesOf)),
  ]);
  const adoptedTexts = chosen.map((topic) => (topic === undefined ? [] : (intentLibrary[topic]?.lines ?? [])));
  return { adopted, rivals, adoptedTexts };
}
