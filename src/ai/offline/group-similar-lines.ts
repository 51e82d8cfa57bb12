import { cosine, toUnitVector, type UnitVector } from "./embeddings.ts";

/** A line as said, and how many times (exact repeats, after trimming). */
export interface TalliedLine {
  text: string;
  count: number;
}

/** Lines about one topic: a few distinct examples, and how many lines the group holds. */
export interface LineGroup {
  /** Distinct lines (one spelling of lines that differ only in case or punctuation), the most said first. */
  examples: string[];
  /** Every line of the group, exact repeats included. */
  count: number;
}

export interface GroupLinesOptions {
  /**
   * A line joins the group whose centroid is most similar to it when that cosine similarity is
   * at least this, else it starts a group. USE-lite puts differently worded questions on one
   * topic ("what time do you open?", "are you open on sundays?") at 0.6–0.8 and unrelated ones
   * at 0.1–0.45. @default 0.55
   */
  threshold?: number;
  /** Distinct examples kept per group. @default 5 */
  maxExamples?: number;
}

/** Distinct lines (trimmed, empty ones dropped) with their counts: the most said first, ties by text. */
export function tallyLines(lines: readonly string[]): TalliedLine[] {
  const counts = new Map<string, number>();
  for (const line of lines) {
    const text = line.trim();
    if (text !== "") counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return [...counts].map(([text, count]) => ({ text, count })).sort(byCountThenText);
}

/**
 * Groups tallied lines (in `tallyLines` order) by the cosine similarity of their vectors
 * (`vectors[i]` is the vector of `lines[i]`): a single greedy pass, each line joining the
 * nearest group centroid at or above the threshold. The most said lines go first, so they seed
 * the groups; the same input always gives the same groups, biggest first.
 */
export function groupBySimilarity(
  lines: readonly TalliedLine[],
  vectors: readonly UnitVector[],
  options: GroupLinesOptions = {},
): LineGroup[] {
  const threshold = options.threshold ?? 0.55;
  const groups: { members: TalliedLine[]; sum: Float32Array; centroid: UnitVector }[] = [];
  lines.forEach((line, index) => {
    const vector = vectors[index];
    if (vector === undefined) throw new Error(`no vector for line ${index}`);
    let best: (typeof groups)[number] | undefined;
    let bestSimilarity = threshold;
    for (const group of groups) {
      const similarity = cosine(vector, group.centroid);
      if (similarity >= bestSimilarity) [best, bestSimilarity] = [group, similarity];
    }
    if (best === undefined) {
      groups.push({ members: [line], sum: Float32Array.from(vector), centroid: vector });
      return;
    }
    best.members.push(line);
    for (let i = 0; i < vector.length; i++) best.sum[i] = (best.sum[i] ?? 0) + (vector[i] ?? 0);
    best.centroid = toUnitVector(best.sum);
  });
  return finish(
    groups.map((group) => group.members),
    options,
  );
}

/**
 * The fallback without embeddings: lines that read the same once lower-cased, with punctuation
 * and repeated spaces dropped ("Opening hours?" and "opening hours") form one group.
 */
export function groupByNormalisedText(lines: readonly TalliedLine[], options: GroupLinesOptions = {}): LineGroup[] {
  const groups = new Map<string, TalliedLine[]>();
  for (const line of lines) {
    const key = normaliseLine(line.text);
    const members = groups.get(key);
    if (members) members.push(line);
    else groups.set(key, [line]);
  }
  return finish([...groups.values()], options);
}

/** Lower case, letters and digits only, single spaces. */
export function normaliseLine(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function finish(groups: TalliedLine[][], options: GroupLinesOptions): LineGroup[] {
  const maxExamples = options.maxExamples ?? 5;
  return groups
    .map((members) => {
      // Lines that differ only in case or punctuation take one example slot: the most said spelling.
      const examples = new Map<string, string>();
      for (const member of [...members].sort(byCountThenText)) {
        if (!examples.has(normaliseLine(member.text))) examples.set(normaliseLine(member.text), member.text);
      }
      return {
        examples: [...examples.values()].slice(0, maxExamples),
        count: members.reduce((sum, member) => sum + member.count, 0),
      };
    })
    .sort((a, b) => b.count - a.count || compareText(a.examples[0] ?? "", b.examples[0] ?? ""));
}

// Code-unit order, not locale order: the same groups whatever the server's locale.
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byCountThenText = (a: TalliedLine, b: TalliedLine) => b.count - a.count || compareText(a.text, b.text);
