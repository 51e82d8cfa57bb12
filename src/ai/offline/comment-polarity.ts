import {
  boosters,
  clauseBreaks,
  contrastScales,
  contrasts,
  domainScores,
  downtoners,
  failures,
  hedges,
  ironyMarkers,
  lukewarm,
  mixed,
  negators,
  plainBoosters,
  phrasePolarity,
  fixedScores,
  topics,
} from "./feedback-lexicon.ts";
import { readPolarity, type PolarSpan, type WinkTokens } from "./wink.ts";

// The polar words and phrases, and which of them are negated, come from wink's lexicon and
// negation model. wink then averages them per sentence, which loses what matters in feedback:
// "the worst support" averages "worst" with "support" (a positive word) to almost nothing, and
// "absolutely terrible" scores like "terrible". So the spans are read one by one and combined
// the way VADER (Hutto & Gilbert, 2014) does: boosters and downtoners scale the next polar word,
// a contrast ("slow, but it solved it") lets the clause after it lead, and the sum is squashed
// into -1..1, so that more evidence means a clearer comment. A small supplement covers what a
// general lexicon reads wrong in support feedback (feedback-lexicon.ts).

/** How polar words combine (VADER's figures where it has one, rounded; checked with `npm run eval`). */
const scales = {
  /** A negated polar word: "not bad" is good, but less than "good". */
  negation: -0.75,
  /** "really great", "absolutely terrible". */
  boost: 1.5,
  /** "a bit slow", "slightly confusing". */
  downtone: 0.75,
  /**
   * A verb whose failure alone is a verdict, negated: "didn't work", "couldn't find my order".
   * −0.4 let a polite word before a contrast outweigh it ("nice tone but it didn't actually
   * help" at 4 stars read positive); −0.5 and −0.6 read the tuning set alike (+2), held out the same.
   */
  failure: -0.5,
  /** A hedged comment ("it works I guess") keeps this share of its polarity. */
  hedge: 0.3,
  /** x / sqrt(x² + squash): one plain polar word ("great", 0.6) stays near its own score. */
  squash: 0.6,
};

/**
 * The word at `index` is in the reach of a negator: one stands at most 3 words back in the same
 * clause. wink's own negation scope runs to the end of the sentence ("didn't answer and was
 * *rude*") and misses "nobody helped", so a short reach (VADER's) measures better here.
 */
function isNegated(tokens: WinkTokens, index: number): boolean {
  // An emoji is a tone of its own: "thanks for nothing 🙃" does not make 🙃 glad.
  if (tokens.types[index] === "emoji") return false;
  return reachedBy(tokens, index, (word) => negators.has(word));
}

function reachedBy(tokens: WinkTokens, index: number, test: (word: string) => boolean, words = 3): boolean {
  for (let i = index - 1; i >= Math.max(0, index - words); i -= 1) {
    const word = tokens.normals[i] ?? "";
    if (tokens.types[i] === "punctuation" || clauseBreaks.has(word)) return false;
    if (test(word)) return true;
  }
  return false;
}

/** Scale of a word from the boosters or downtoners just before it ("really great", "a bit slow"). */
function intensity(tokens: WinkTokens, index: number): number {
  if (reachedBy(tokens, index, (word) => boosters.has(word) && !plainBoosters.has(word), 2)) return scales.boost;
  const before = (n: number) => tokens.normals[index - n] ?? "";
  const aBit = before(2) === "a" && ["bit", "little", "tad"].includes(before(1));
  if (aBit || reachedBy(tokens, index, (word) => downtoners.has(word), 2)) return scales.downtone;
  return 1;
}

/** How a question to the business opens: "can I…", "do you…", "is there…", "how do I…". */
const askingOpeners: [first: RegExp, second: RegExp][] = [
  [/^(can|could|may)$/u, /^(i|we|you)$/u],
  [/^(do|does)$/u, /^(you|your|it|they|the|this)$/u],
  [/^(is|are)$/u, /^(there|the|my|your)$/u],
  [/^(how|where|when|what|which)$/u, /^(do|can|does|is|are|will|would|should|long|much|many|time|about)$/u],
  [/^will$/u, /^(i|my|you|it)$/u],
  [/^(wanted|needed|asked|asking|enquiring|inquiring)$/u, /^(to|about|if|whether|how|what|when|which|where|who|for)$/u],
  [/^(was|just|i)$/u, /^(wondering|asking|enquiring|inquiring)$/u],
];
/** A question that complains rather than asks: "is the bot always this slow?". */
const rhetorical = new Set(["always", "ever", "even", "seriously", "honestly", "really"]);

/**
 * The tokens of sentences that ask the business something ("can I pause my subscription while
 * I'm injured", "do you fit tubeless tyres"): their words are what the customer asked about,
 * not a verdict on the chat. A complaint as a question ("why…") is not among them.
 */
function askingTokens(tokens: WinkTokens): { asking: Set<number>; onlyAsks: boolean } {
  const asking = new Set<number>();
  let onlyAsks = true;
  let start = 0;
  for (let i = 0; i <= tokens.normals.length; i += 1) {
    const end = i === tokens.normals.length || /^[.!?]+$/u.test(tokens.normals[i] ?? "");
    if (!end) continue;
    // "I wanted to ask…": the subject before the opener is left out.
    const from = tokens.normals[start] === "i" ? start + 1 : start;
    const [first = "", second = ""] = tokens.normals.slice(from, from + 2);
    const sentence = tokens.normals.slice(from, i);
    if (askingOpeners.some(([a, b]) => a.test(first) && b.test(second)) && !sentence.some((w) => rhetorical.has(w))) {
      // The question ends where a clause joins it: "can I change it and why is it so slow".
      let k = from;
      for (; k < i && !clauseBreaks.has(tokens.normals[k] ?? ""); k += 1) asking.add(k);
      if (k < i) onlyAsks = false;
    } else if (i > from) onlyAsks = false;
    start = i + 1;
  }
  return { asking, onlyAsks: onlyAsks && asking.size > 0 };
}

/** Where the clause that leads starts: after the last "but" (-1: no contrast). */
function contrastSplit(tokens: WinkTokens): number {
  let split = -1;
  tokens.normals.forEach((word, i) => {
    if (contrasts.has(word)) split = i;
  });
  if (split > 0) {
    // "…sorted it in seconds. The app is a mess though": "though" ending its sentence lets that
    // whole sentence lead (no contrast, when it is the only one).
    const rest = tokens.types.slice(split + 1);
    if (tokens.normals[split] !== "though" || !rest.every((type) => type === "punctuation")) return split;
    for (let i = split - 1; i >= 0; i -= 1) if (/^[.!?]+$/u.test(tokens.normals[i] ?? "")) return i;
    return -1;
  }
  // "Although it was slow, it solved it": the clause after the comma leads.
  if (split === 0) return tokens.types.findIndex((type) => type === "punctuation");
  return -1;
}

/** A span's score with the supplement applied, negation included. */
function spanScore(span: PolarSpan, word: string, negated: boolean): number {
  if (span.start === span.end) {
    // "not ok" is a complaint, "no problems" praise; unnegated they are neutral.
    if (lukewarm.has(word)) return negated ? -0.5 : 0;
    const topic = topics.get(word);
    if (topic !== undefined) return negated ? -topic : 0;
    if (failures.has(word)) return negated ? scales.failure : 0;
    const fixed = fixedScores.get(word);
    if (fixed !== undefined) return fixed;
  }
  return negated ? span.score * scales.negation : span.score;
}

/** Every polar word of the text as a span: wink's, then the supplement's words wink has no score for. */
function polarSpans(tokens: WinkTokens, spans: PolarSpan[]): PolarSpan[] {
  const covered = new Set(
    spans.flatMap((span) => Array.from({ length: span.end - span.start + 1 }, (_, k) => span.start + k)),
  );
  const all = spans.map((span) => {
    const own = span.start === span.end ? domainScores.get(tokens.normals[span.start] ?? "") : undefined;
    return own === undefined ? span : { ...span, score: own };
  });
  tokens.normals.forEach((word, i) => {
    if (covered.has(i)) return;
    const own = domainScores.get(word);
    // Lukewarm, topic and failure words are scored by spanScore, whatever wink thinks of them.
    if (own !== undefined || lukewarm.has(word) || topics.has(word) || failures.has(word))
      all.push({ start: i, end: i, score: own ?? 0 });
  });
  return all;
}

/** Polarity of a feedback comment, -1..1, before any rating is taken into account. */
export function commentPolarity(comment: string): number {
  return readComment(comment).polarity;
}

/**
 * A comment's polarity; whether it is lukewarm as a whole ("it was ok", "did what I asked,
 * nothing more"), which says the chat was middling whatever it describes; and whether it only
 * asks the business something ("do you fit tubeless tyres?"), which is no verdict.
 */
export function readComment(comment: string): { polarity: number; hedged: boolean; onlyAsks: boolean } {
  // "not once did it understand me" is "never did it…": the negation then reaches the verb.
  const normalized = comment
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\b(not|never) (even )?once\b/gu, "never")
    // "couldn't be more unhelpful" is "very unhelpful", "couldn't be more helpful" "very helpful".
    .replace(/\b(could|can)(n't|nt|not| not) (have )?(be|been) (any )?more (?=\w)/gu, "very ")
    // "wasnt", "couldnt", "dont": the apostrophe left out, as often typed.
    .replace(/\b(do|does|did|is|was|were|are|has|have|had|could|would|should|ca|wo|must|need)nt\b/gu, "$1n't")
    .replace(/\b(would|could|should|must|might)ve\b/gu, "$1've")
    // Texting spellings: "do u do water damage", "nice chat tho".
    .replace(/\bu\b/gu, "you")
    .replace(/\btho\b/gu, "though");
  const { rest, polarity: fromPhrases, complaints } = phrasePolarity(normalized);
  let sum = fromPhrases;
  // Praise and complaint among the words, kept apart for irony (below).
  let praise = 0;
  let complaint = complaints;
  // "ok", "fine", "decent enough": a lukewarm word tempers the whole comment ("fine for a quick check").
  let hedged = hedges.test(normalized) || mixed.test(normalized);
  let onlyAsks = false;
  if (/[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(rest)) {
    const { tokens, spans } = readPolarity(rest);
    const split = contrastSplit(tokens);
    const polar = polarSpans(tokens, spans);
    const starts = new Set(polar.map((span) => span.start));
    const questions = askingTokens(tokens);
    onlyAsks = questions.onlyAsks;
    for (const span of polar) {
      if (questions.asking.has(span.start)) continue;
      const word = tokens.normals[span.start] ?? "";
      // What a comparison is made against says nothing of this chat ("faster than *waiting* on the phone").
      if (reachedBy(tokens, span.start, (before) => before === "than", 4)) continue;
      // What was asked about is no verdict: "couldn't tell me if the treatment is *safe*".
      if (reachedBy(tokens, span.start, (before) => before === "if" || before === "whether", 8)) continue;
      // A booster with a polar word after it is an intensifier, not a verdict ("super helpful").
      if (boosters.has(word) && (starts.has(span.start + 1) || starts.has(span.start + 2))) continue;
      const negated = isNegated(tokens, span.start);
      // A lukewarm word before a contrast hedges only what the contrast lets lead: "friendly
      // enough but it never answered my question" is a complaint.
      if (lukewarm.has(word) && !negated && !(split >= 0 && span.start < split)) hedged = true;
      let score = spanScore(span, word, negated);
      if (score === 0) continue;
      score *= intensity(tokens, span.start);
      if (split >= 0) score *= span.start > split ? contrastScales.after : contrastScales.before;
      sum += score;
      if (score > 0) praise += score;
      else complaint += score;
    }
  }
  // "oh brilliant, delayed again. fantastic stuff": the praise mocks the complaint beside it.
  if (praise > 0 && complaint < 0 && ironyMarkers.test(normalized)) sum -= 2 * praise;
  if (hedged) sum *= scales.hedge;
  return { polarity: sum / Math.sqrt(sum * sum + scales.squash), hedged, onlyAsks };
}
