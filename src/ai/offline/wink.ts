/* eslint-disable @typescript-eslint/unbound-method -- wink-nlp's `its.*` are plain accessor functions that never use `this`. */
// The one file that talks to wink-nlp. Its typings are loose (`out()` returns `T[] | string[]`),
// so this facade reads every token attribute once and hands out plain typed arrays.
// The English model (wink-model.ts) costs ~180 ms and ~33 MB to load: it is created on first
// use (or by a warm-up) and shared by every classifier in the process.
import winkNLP, { type ItsFunction, type WinkMethods } from "wink-nlp";
import { BoundedCache } from "../../engine/regex/boundedCache.ts";
import { englishModel, WINK_PIPE, type SentimentStage } from "./wink-model.ts";

interface LoadedWink {
  nlp: WinkMethods;
  /** Token ids at or past this are words outside the lexicon (typos, gibberish). */
  lexiconSize: number;
  /** The highest token id read so far: every word outside the lexicon gets the next one. */
  highestId: number;
}

let loaded: LoadedWink | undefined;

/**
 * wink keeps every word outside its lexicon that it ever read (an order number, a name, a typo),
 * ~120 bytes each, for the life of the instance: 400,000 such words took 47 MB that never came
 * back. Past this many the instance is let go and the next line loads a fresh one (~50–80 ms,
 * once per this many new words); what a line reads does not depend on the words read before it.
 */
export const MAX_LEARNED_WORDS = 50_000;

/** A polar word or phrase wink's lexicon found: tokens `start..end` and its score, -1..1, before negation. */
export interface PolarSpan {
  start: number;
  end: number;
  score: number;
}

/** What the sentiment step of the last `readDoc` matched (set synchronously inside it). */
let lastSpans: PolarSpan[] = [];

// wink reports only a sentence's mean score; its sentiment step sees each polar span first.
// Its setter is wrapped to note the spans.
function withSpanTap(step: SentimentStage): SentimentStage {
  return {
    ...step,
    setter(px: [number, number, number][], ...rest: unknown[]) {
      step.setter(px, ...rest);
      lastSpans = px.map(([start, end, score]) => ({ start, end, score }));
    },
  };
}

function loadWink(): LoadedWink {
  if (loaded !== undefined) return loaded;
  const nlp = winkNLP(englishModel(withSpanTap), WINK_PIPE);
  // wink numbers unknown words from the lexicon's size upwards, in the order it meets them:
  // the first unknown word read by a fresh instance therefore marks that size.
  const probe = Number(
    nlp
      .readDoc("qxzvjkq")
      .tokens()
      .out(nlp.its.uniqueId as ItsFunction<number>)[0],
  );
  const lexiconSize = Number.isFinite(probe) ? probe : Number.POSITIVE_INFINITY;
  loaded = { nlp, lexiconSize, highestId: lexiconSize };
  return loaded;
}

/** Token attributes of one text, index by index. */
export interface WinkTokens {
  readonly types: readonly string[];
  readonly lemmas: readonly string[];
  /** Lower-cased forms as written. */
  readonly normals: readonly string[];
  readonly stopWords: readonly boolean[];
  /** Inside the scope of a negation ("not *helpful at all*"). */
  readonly negated: readonly boolean[];
  /** In the English lexicon. */
  readonly known: readonly boolean[];
}

function out<T>(tokens: ReturnType<ReturnType<WinkMethods["readDoc"]>["tokens"]>, its: unknown): T[] {
  return tokens.out(its as ItsFunction<T>) as T[];
}

/**
 * Short lines read lately. A line is read more than once: towards the block's vocabulary
 * (spelling), then for its words (mostly the same text), and short lines ("bye", "5", "thanks")
 * come back from many customers. Bounded: at most 2,000 lines of at most 200 characters (a few
 * KB each at most); a longer line is read every time.
 */
const readLines = new BoundedCache<string, WinkTokens>(2_000);
const LONGEST_KEPT_LINE = 200;

/** The tokens of `text`; the arrays may be shared with later readers of the same text. */
export function readTokens(text: string): WinkTokens {
  return text.length > LONGEST_KEPT_LINE ? readDoc(text) : readLines.getOrCompute(text, readDoc);
}

function readDoc(text: string): WinkTokens {
  const wink = loadWink();
  const { nlp, lexiconSize } = wink;
  const tokens = nlp.readDoc(text).tokens();
  const { its } = nlp;
  const ids = out<number>(tokens, its.uniqueId);
  for (const id of ids) if (id > wink.highestId) wink.highestId = id;
  if (wink.highestId - lexiconSize > MAX_LEARNED_WORDS && loaded === wink) loaded = undefined;
  return {
    types: out<string>(tokens, its.type),
    lemmas: out<string>(tokens, its.lemma).map((lemma) => lemma.toLowerCase()),
    normals: out<string>(tokens, its.normal),
    stopWords: out<boolean>(tokens, its.stopWordFlag),
    negated: out<boolean>(tokens, its.negationFlag),
    known: ids.map((id) => id < lexiconSize),
  };
}

/** Words outside the lexicon the current instance holds (0 before one is loaded). */
export function learnedWords(): number {
  return loaded === undefined ? 0 : loaded.highestId - loaded.lexiconSize;
}

/** The tokens of a text and the polar spans wink's lexicon finds in it (scores -1..1, negation not applied). */
export function readPolarity(text: string): { tokens: WinkTokens; spans: PolarSpan[] } {
  lastSpans = [];
  // Read afresh: the spans are caught while wink reads the document.
  const tokens = readDoc(text);
  return { tokens, spans: lastSpans };
}

/** Loads the model now instead of on the first message. */
export function warmUpWink(): void {
  loadWink();
}
