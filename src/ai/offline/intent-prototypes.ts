import type { IntentCandidate } from "../../engine/ports.ts";
import { descriptionVariants } from "./description-variants.ts";
import { cosine, type SentenceEmbedder, type UnitVector } from "./embeddings.ts";
import { claimedTopicSimilarity, everydayChatFor } from "./everyday-chat.ts";
import { libraryLinesFor } from "./intent-library.ts";
import { buildVocabularies, type IntentVocabulary } from "./lexical-overlap.ts";
import { intentMeaningWords, type MeaningWord } from "./word-meanings.ts";

/** What the matcher compares a customer line with, for one intent. */
export interface IntentPrototype {
  id: string;
  /**
   * Description and examples, embedded, one entry per sentence: the sentence and its variants
   * (a description without examples also as its content words, `descriptionVariants`);
   * `undefined` while embeddings are unavailable.
   */
  vectors: UnitVector[][] | undefined;
  vocabulary: IntentVocabulary;
  /** Its content words, each embedded alone (`word-meanings.ts`); `undefined` while embeddings are unavailable. */
  words: MeaningWord[] | undefined;
  /**
   * Everyday lines it took as its own (`everyday-chat.ts`: a goodbye intent takes the farewells):
   * they count like its examples, for the similarity (a little below their cosine) and for the
   * midpoint's sentence count.
   */
  adopted: UnitVector[];
  /**
   * Lines of the built-in library topic it is described like (`intent-library.ts`): counted as
   * the adopted everyday lines are, without changing how it meets everyday chat.
   */
  library: UnitVector[];
}

/** The sentences that stand for an intent: its description and every example. */
export function intentTexts(intent: IntentCandidate): string[] {
  return [intent.description, ...intent.examples].map((text) => text.trim()).filter((text) => text !== "");
}

const hasExamples = (intent: IntentCandidate) => intent.examples.some((example) => example.trim() !== "");

/** What is embedded for each of the intent's sentences: the description's variants when it has no examples. */
export function embeddedSentences(intent: IntentCandidate): string[][] {
  const texts = intentTexts(intent);
  if (hasExamples(intent)) return texts.map((text) => [text]);
  return texts.map(descriptionVariants);
}

/** What one intent block's lines are compared with. */
export interface BlockPrototypes {
  intents: IntentPrototype[];
  /** Everyday chat (greetings, acknowledgements…) the block's intents leave to "none". */
  everydayChat: UnitVector[];
  /** Per neighbouring library topic no intent adopts, its lines (`libraryLinesFor`): also "none". */
  libraryRivals: UnitVector[][];
}

/** Embeds the block's intents in one batch (one model call, not one per sentence). */
export async function buildPrototypes(
  intents: IntentCandidate[],
  embedder: SentenceEmbedder,
): Promise<BlockPrototypes> {
  const sentences = intents.map(embeddedSentences);
  const words = intentMeaningWords(intents.map(intentTexts));
  const distinctWords = [...new Set(words.flat().map(({ word }) => word))];
  // One model call for the sentences and the words.
  const sentenceCount = sentences.flat(2).length;
  const embedded = await embedder.embed([...sentences.flat(2), ...distinctWords]);
  const vectors = embedded?.slice(0, sentenceCount);
  const wordVectors = new Map(distinctWords.map((word, index) => [word, embedded?.[sentenceCount + index]]));
  let offset = 0;
  const prototypes = intents.map((intent, index): IntentPrototype => {
    const own =
      vectors === undefined
        ? undefined
        : (sentences[index] ?? []).map((variants) => vectors.slice(offset, (offset += variants.length)));
    const ownWords =
      embedded === undefined
        ? undefined
        : (words[index] ?? []).flatMap(({ word, weight }) => {
            const vector = wordVectors.get(word);
            return vector === undefined ? [] : [{ vector, weight }];
          });
    return {
      id: intent.id,
      vectors: own,
      vocabulary: new Map<string, number>(), // below, once the adopted lines are known
      words: ownWords,
      adopted: [],
      library: [],
    };
  });
  const embeddedIntents =
    vectors === undefined
      ? undefined
      : {
          asWritten: prototypes.map((p) => (p.vectors ?? []).flatMap((variants) => variants.slice(0, 1))),
          variants: prototypes.map((p) => (p.vectors ?? []).flat()),
        };
  const [everyday, library] = await Promise.all([
    everydayChatFor(embeddedIntents, embedder),
    libraryLinesFor(embeddedIntents, embedder),
  ]);
  // The words of the lines an intent adopted count for word overlap too ("block my card" meets a
  // freeze intent through the library's "block"): the everyday lines always, the library's for
  // an intent described without examples, whose own words are few (src/ai/README.md).
  const vocabularies = buildVocabularies(
    intents.map((intent, index) => [
      ...intentTexts(intent),
      ...(hasExamples(intent) ? [] : (library.adoptedTexts[index] ?? [])),
      ...(everyday.adoptedTexts[index] ?? []),
    ]),
  );
  const withLines = prototypes.map((prototype, index) => ({
    ...prototype,
    vocabulary: vocabularies[index] ?? prototype.vocabulary,
    adopted: everyday.adopted[index] ?? [],
    library: library.adopted[index] ?? [],
  }));
  // A neighbouring topic the block's intents already speak for (one of its lines this close to
  // an intent's own or adopted sentence: "who made you" beside "who are you?") is theirs, not a rival.
  const ownLines = withLines.flatMap((prototype) => [
    ...(prototype.vectors ?? []).flat(),
    ...prototype.adopted,
    ...prototype.library,
  ]);
  const claimed = (line: UnitVector) => ownLines.some((own) => cosine(line, own) >= claimedTopicSimilarity);
  return {
    intents: withLines,
    everydayChat: everyday.rivals,
    libraryRivals: library.rivals.filter((lines) => !lines.some(claimed)),
  };
}

const fingerprints = new WeakMap<IntentCandidate[], string>();

/** What a block's prototypes are built from, as text; computed once per intents array (the engine hands the same one at every turn). */
function fingerprintOf(intents: IntentCandidate[]): string {
  let fingerprint = fingerprints.get(intents);
  if (fingerprint === undefined) {
    fingerprint = JSON.stringify(intents.map((intent) => [intent.id, intentTexts(intent)]));
    fingerprints.set(intents, fingerprint);
  }
  return fingerprint;
}

export interface PrototypeCacheOptions {
  /** Blocks kept; the least recently used one is dropped past this. @default 256 */
  maxBlocks?: number;
}

/**
 * Prototypes per (flowKey, blockId), built once: embedding a block's examples costs tens of
 * milliseconds per sentence, far too much to repeat per message. A fingerprint of the intents
 * guards against a caller reusing a key for different intents.
 */
export function createPrototypeCache(embedder: SentenceEmbedder, options: PrototypeCacheOptions = {}) {
  const maxBlocks = options.maxBlocks ?? 256;
  const entries = new Map<string, { fingerprint: string; prototypes: Promise<BlockPrototypes> }>();

  return async function prototypesFor(
    flowKey: string,
    blockId: string,
    intents: IntentCandidate[],
  ): Promise<BlockPrototypes> {
    const key = `${flowKey}\u0000${blockId}`;
    const fingerprint = fingerprintOf(intents);
    const cached = entries.get(key);
    if (cached !== undefined && cached.fingerprint === fingerprint) {
      entries.delete(key);
      entries.set(key, cached);
      const prototypes = await cached.prototypes;
      // Built while the model was still unavailable: try again rather than stay lexical-only.
      if (prototypes.intents.every((p) => p.vectors !== undefined) || embedder.state() === "failed") return prototypes;
    }
    const prototypes = buildPrototypes(intents, embedder);
    entries.delete(key);
    entries.set(key, { fingerprint, prototypes });
    const oldest = entries.keys().next().value;
    if (entries.size > maxBlocks && oldest !== undefined) entries.delete(oldest);
    return prototypes;
  };
}
