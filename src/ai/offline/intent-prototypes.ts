import type { IntentCandidate } from "../../engine/ports.ts";
import type { SentenceEmbedder, UnitVector } from "./embeddings.ts";
import { everydayChatFor } from "./everyday-chat.ts";
import { buildVocabularies, type IntentVocabulary } from "./lexical-overlap.ts";

/** What the matcher compares a customer line with, for one intent. */
export interface IntentPrototype {
  id: string;
  /** Description and examples, embedded; `undefined` while embeddings are unavailable. */
  vectors: UnitVector[] | undefined;
  vocabulary: IntentVocabulary;
}

/** The sentences that stand for an intent: its description and every example. */
export function intentTexts(intent: IntentCandidate): string[] {
  return [intent.description, ...intent.examples].map((text) => text.trim()).filter((text) => text !== "");
}

/** What one intent block's lines are compared with. */
export interface BlockPrototypes {
  intents: IntentPrototype[];
  /** Everyday chat (greetings, acknowledgements…) the block's intents leave to "none". */
  everydayChat: UnitVector[];
}

/** Embeds the block's intents in one batch (one model call, not one per sentence). */
export async function buildPrototypes(
  intents: IntentCandidate[],
  embedder: SentenceEmbedder,
): Promise<BlockPrototypes> {
  const texts = intents.map(intentTexts);
  const vocabularies = buildVocabularies(texts);
  const vectors = await embedder.embed(texts.flat());
  let offset = 0;
  const prototypes = intents.map((intent, index) => {
    const count = texts[index]?.length ?? 0;
    const own = vectors?.slice(offset, offset + count);
    offset += count;
    return { id: intent.id, vectors: own, vocabulary: vocabularies[index] ?? new Map() };
  });
  return { intents: prototypes, everydayChat: await everydayChatFor(vectors, embedder) };
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
    const fingerprint = JSON.stringify(intents.map((intent) => [intent.id, intentTexts(intent)]));
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
