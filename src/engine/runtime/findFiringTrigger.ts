import { escapeRegExp } from "../regex/escapeRegExp.ts";
import type { Trigger } from "../schema/flow-schema.ts";

export interface FiredTrigger {
  trigger: Trigger;
  keyword: string;
}

// Letters, digits and combining marks of any script count as word characters, so "review"
// does not fire inside "préreview" or "reviews", and "café" is a whole word.
const WORD_CHAR = String.raw`[\p{L}\p{N}\p{M}_]`;

/** A keyword as a whole-word, case-insensitive pattern; a multi-word keyword allows any spacing. */
export function keywordPattern(keyword: string): RegExp {
  const words = keyword.trim().split(/\s+/u).map(escapeRegExp);
  return new RegExp(`(?<!${WORD_CHAR})${words.join(String.raw`\s+`)}(?!${WORD_CHAR})`, "iu");
}

// Compiled once per trigger object: flows are immutable once validated, and the chat service
// reuses a parsed flow across turns, so this saves recompiling on every message.
const patternCache = new WeakMap<Trigger, RegExp[]>();

function triggerPatterns(trigger: Trigger): RegExp[] {
  let patterns = patternCache.get(trigger);
  // Stryker disable next-line ConditionalExpression: the cache only saves recompiling; without it the patterns are the same
  if (patterns === undefined) {
    patterns = trigger.keywords.map(keywordPattern);
    // Stryker disable next-line CallExpression: the cache only saves recompiling; without it the patterns are the same
    patternCache.set(trigger, patterns);
  }
  return patterns;
}

/**
 * The first trigger (in flow order) with a keyword in `text`, skipping triggers whose sub-flow
 * is running so that, say, a comment mentioning "review" does not restart the review questions.
 */
export function findFiringTrigger(
  triggers: readonly Trigger[],
  text: string,
  activeTriggerIds: readonly string[],
): FiredTrigger | null {
  for (const trigger of triggers) {
    if (activeTriggerIds.includes(trigger.id)) continue;
    const index = triggerPatterns(trigger).findIndex((pattern) => pattern.test(text));
    const keyword = trigger.keywords[index];
    if (keyword !== undefined) return { trigger, keyword };
  }
  return null;
}
