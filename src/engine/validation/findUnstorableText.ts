import { toJsonPointer, type FlowProblem } from "./flow-problem.ts";

/**
 * Deepest nesting a flow document may have. Real flows need about 7 levels (blocks, a block,
 * its intents, an intent, its examples); the limit keeps recursive code away from hostile input.
 * @default 32
 */
export const MAX_FLOW_DEPTH = 32;

/**
 * Why PostgreSQL's `text` cannot hold this string, or `undefined` when it can: it refuses
 * U+0000, and a lone UTF-16 surrogate (which JSON's `\ud800` escape can produce) has no UTF-8
 * encoding.
 */
export function describeUnstorableText(text: string): string | undefined {
  if (text.includes("\u0000")) return "contains the NUL character (U+0000)";
  if (!text.isWellFormed()) return "contains a lone UTF-16 surrogate (not a Unicode character)";
  return undefined;
}

/**
 * Every string (keys included) of a parsed document that could not be stored, and every place
 * nested deeper than `MAX_FLOW_DEPTH`. Iterative, so no input can exhaust the stack.
 */
export function findUnstorableText(input: unknown): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value: input, path: [] }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === "string") {
      const problem = describeUnstorableText(value);
      if (problem) problems.push(invalid(path, `This text ${problem}, which cannot be stored.`));
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (path.length >= MAX_FLOW_DEPTH) {
      problems.push(invalid(path, `The flow is nested deeper than ${MAX_FLOW_DEPTH} levels here.`));
      continue;
    }
    // entries(), not map(): map skips the holes of a sparse array.
    const entries: [string | number, unknown][] = Array.isArray(value) ? [...value.entries()] : Object.entries(value);
    for (const [key, item] of entries) {
      const problem = typeof key === "string" ? describeUnstorableText(key) : undefined;
      if (problem) problems.push(invalid([...path, key], `This field name ${problem}, which cannot be stored.`));
      pending.push({ value: item, path: [...path, key] });
    }
  }
  return problems;
}

function invalid(path: readonly (string | number)[], message: string): FlowProblem {
  return { path: toJsonPointer(path), code: "INVALID_VALUE", message };
}
