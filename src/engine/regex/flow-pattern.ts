/**
 * A flow's regular expression: `/body/flags` lets a flow ask for flags (e.g. `/^bye/i`); any
 * other string is the pattern itself.
 */
export interface FlowPattern {
  body: string;
  /** JavaScript's flag letters as written; `i`, `m`, `s` and `y` change the match, the rest cannot. */
  flags: string;
  /** Whether the flow wrote the `/body/flags` form (it decides how a JavaScript engine would read the body). */
  literal: boolean;
}

/**
 * Longest pattern, in characters, after its variables are filled in. Compiling costs time in
 * proportion; real patterns are a few dozen characters.
 * @default 1000
 */
export const REGEX_MAX_LENGTH = 1000;

/**
 * Largest compiled pattern (RE2's program size: roughly one unit per character, class or
 * repetition copy). A `{n}` repeat copies its operand n times, so `\w{1000}` is over.
 * @default 1000
 */
export const REGEX_MAX_PROGRAM_SIZE = 1000;

/**
 * Most work one match may do: program size × text length. RE2 never backtracks, so a match's
 * time is at most proportional to this; above it the match is cut off and counts as no match.
 * The default lets the largest allowed pattern test the longest customer message (4,000
 * characters).
 * @default 4000000
 */
export const REGEX_MAX_WORK = 4_000_000;

const LITERAL = /^\/(.*)\/([dgimsuvy]*)$/su;

/** Splits the `/body/flags` form; the greedy body makes the last `/` the one before the flags. */
export function readFlowPattern(source: string): FlowPattern {
  const literal = LITERAL.exec(source);
  if (literal === null) return { body: source, flags: "", literal: false };
  // Stryker disable next-line StringLiteral: both groups take part in every match, so `?? ""` never applies
  return { body: literal[1] ?? "", flags: literal[2] ?? "", literal: true };
}
