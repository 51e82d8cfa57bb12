// wink's English model (wink-eng-lite-web-model, pinned at 1.8.1), assembled from its parts with
// one copy of the core model in memory and without the named-entity stage, which chatflow never
// reads. The package's own entry keeps the core model's JSON twice for the life of the process
// (the module `require` caches, and a deep copy made by `JSON.parse(JSON.stringify(…))`, with
// the 1.9 MB base64 lexicon) and builds the entity automata whatever the pipe says.
// With the words' index in a Map: live heap 17 → 10 MB in a process of its own, the classifiers'
// thread 38–42 → 29–34 MB (bench/README.md, Memory cuts). Every token attribute and polar span
// is the package's: the same core data, the same stages, in the same order.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Model } from "wink-nlp";

const require = createRequire(import.meta.url);
const dist = dirname(require.resolve("wink-eng-lite-web-model"));
const part = (file: string): unknown => require(join(dist, file));
const readJson = (name: string): unknown =>
  JSON.parse(readFileSync(join(dist, "languages", "cur", "models", name), "utf8"));

/** The stages chatflow reads: sentences (negation and sentiment are per sentence), negation, polar spans, parts of speech (lemmas). */
export const WINK_PIPE = ["sbd", "negation", "sentiment", "pos"];

/** A feature's values (`list`) and, once loaded, their index (`hash`). */
interface Feature {
  list: string[];
  hash?: Record<string, number>;
  intrinsicSize?: number;
  index?: number;
  maxIndex?: number;
}

/** The core model's JSON, the parts this loader rewrites. */
interface CoreModel {
  packing: { layout: Record<string, number[]>; efList?: string[] };
  features: Record<string, Feature> & { lexeme: Feature; posClusters: { list: unknown[] } };
  pos: { hash: Record<string, number> };
  lexicon: string | Uint32Array;
  xpansions: string | Uint32Array;
}

function uint32FromBase64(data: string): Uint32Array {
  const bytes = Buffer.from(data, "base64");
  const words = new Uint32Array(bytes.length / 4);
  new Uint8Array(words.buffer).set(bytes);
  return words;
}

/**
 * The words' index as wink-nlp reads and extends it (`hash[word]`, `hash[word] = id`), held in a
 * Map: ~88,000 keys in a dictionary-mode object took 6.3 MB, a Map about half.
 */
function wordIndexOf(list: string[]): Record<string, number> {
  const ids = new Map<string, number>();
  for (let k = 0; k < list.length; k += 1) ids.set(list[k]!, k);
  return new Proxy(Object.create(null) as Record<string, number>, {
    get: (_target, word) => (typeof word === "string" ? ids.get(word) : undefined),
    set: (_target, word, id: number) => {
      if (typeof word !== "string") return false;
      ids.set(word, id);
      return true;
    },
  });
}

function indexOf(list: string[]): Record<string, number> {
  const hash = Object.create(null) as Record<string, number>;
  for (let k = 0; k < list.length; k += 1) hash[list[k]!] = k;
  return hash;
}

/** The package's `read-core-model.js` and `load-core-model.js`, on a single parse of the JSON. */
function loadCore(): CoreModel {
  const model = readJson("eng-core-web-model.json") as CoreModel;
  const { packing, features, pos } = model;
  model.lexicon = uint32FromBase64(model.lexicon as string);
  model.xpansions = uint32FromBase64(model.xpansions as string);
  for (const f in packing.layout) if (packing.layout[f]![3] === 0) features[f]!.hash = indexOf(features[f]!.list);
  features.lexeme.hash = wordIndexOf(features.lexeme.list);
  const clusters = features.posClusters.list;
  for (let k = 0; k < clusters.length; k += 1) {
    clusters[k] = new Set((clusters[k] as string).split("_").map((e) => pos.hash[e] ?? 0));
  }
  packing.efList = [];
  for (const f in packing.layout) {
    const layout = packing.layout[f]!;
    if (layout[3] === 0) {
      const feature = features[f]!;
      feature.intrinsicSize = feature.list.length;
      feature.index = feature.list.length;
      feature.maxIndex = layout[1]! >>> layout[2]!;
    }
    if (layout[4] === 1) packing.efList.push(f);
  }
  features.lexeme.intrinsicSize = features.lexeme.list.length;
  features.lexeme.index = features.lexeme.list.length;
  return model;
}

/** The sentiment stage as wink-nlp calls it: its automaton and the setter that scores sentences. */
export interface SentimentStage {
  machines: unknown;
  setter: (px: [number, number, number][], ...rest: unknown[]) => void;
}

/**
 * The English model for `winkNLP(model, WINK_PIPE)`; `sentiment` may wrap the sentiment stage
 * (to see its polar spans). Each loader runs once, inside `winkNLP`.
 */
export function englishModel(sentiment: (stage: SentimentStage) => SentimentStage): Model {
  const model = {
    core: loadCore,
    sbd: part("load-sbd-model.js"),
    pos: part("load-pos-model.js"),
    // wink-nlp builds every stage's automata whatever its pipe: an empty entity stage costs nothing.
    ner: () => ({ machines: [], transformers: [] }),
    negation: part("load-negation-model.js"),
    // Read from the file, not `require`d: the module cache would keep the 400 KB JSON string.
    sa: () =>
      sentiment({
        machines: readJson("eng-sa-model.json"),
        setter: part("sa-setter.js") as SentimentStage["setter"],
      }),
    metaCER: part("load-cer-meta-model.js"),
    featureFn: part("feature.js"),
    addons: Object.assign(Object.create(null) as object, {
      stem: part("porter-stemmer.js"),
      lemmatize: part("lemmatize.js"),
      readabilityStats: part("readability-stats.js"),
      wordVectors: undefined,
    }),
  };
  return model;
}
