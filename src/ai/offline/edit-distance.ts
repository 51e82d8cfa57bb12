/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent swaps, the commonest typo),
 * giving up once it must exceed `limit`: callers only ask "is this one or two typos away".
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (beforePrevious[j - 2] ?? 0) + 1);
      }
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

/**
 * How alike two words are, 0..1: 1 when equal, less for one or two typos. Short words must
 * match exactly, since one edit turns "rain" into "pain" and "eat" into "cat".
 */
export function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 5) return 0;
  const allowed = shorter >= 8 ? 2 : 1;
  const distance = editDistance(a, b, allowed);
  if (distance > allowed) return 0;
  return distance === 1 ? 0.8 : 0.6;
}
