import { RE2JS } from "re2js";
import { BoundedCache } from "./boundedCache.ts";
import { REGEX_MAX_LENGTH, REGEX_MAX_PROGRAM_SIZE, type FlowPattern } from "./flow-pattern.ts";
import { translateJsSyntax } from "./translateJsSyntax.ts";

export type PatternProblemCode = "INVALID_REGEX" | "UNSUPPORTED_REGEX" | "REGEX_TOO_COMPLEX";

export type CompiledPattern =
  { ok: true; regex: RE2JS; size: number } | { ok: false; code: PatternProblemCode; message: string };

/**
 * How many compiled patterns are kept. A flow's own patterns stay (they are used on every
 * turn that reaches them); patterns filled in from variables come and go.
 * @default 500
 */
export const PATTERN_CACHE_SIZE = 500;

const cache = new BoundedCache<string, CompiledPattern>(PATTERN_CACHE_SIZE);

// RE2's errors for patterns that are well formed but too big to run cheaply.
const TOO_COMPLEX = /expression too large|invalid repeat count|nests too deeply/;

function re2Flags(flags: string): number {
  let bits = 0;
  if (flags.includes("i")) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes("m")) bits |= RE2JS.MULTILINE;
  if (flags.includes("s")) bits |= RE2JS.DOTALL;
  return bits;
}

/** Whether JavaScript's own engine reads the pattern, as the flow would have run before RE2. */
function isJavaScriptSyntax({ body, flags, literal }: FlowPattern): boolean {
  try {
    new RegExp(body, literal ? flags : "u");
    return true;
  } catch {
    return false;
  }
}

function describeRefusal(pattern: FlowPattern, error: unknown): CompiledPattern {
  const reason = error instanceof Error ? error.message : String(error);
  if (TOO_COMPLEX.test(reason))
    return { ok: false, code: "REGEX_TOO_COMPLEX", message: `The pattern is too complex to run: ${reason}.` };
  if (isJavaScriptSyntax(pattern))
    return {
      ok: false,
      code: "UNSUPPORTED_REGEX",
      message: `The pattern uses JavaScript syntax that the linear-time regex engine (RE2) does not run: backreferences, lookahead and lookbehind are not available (${reason}).`,
    };
  return { ok: false, code: "INVALID_REGEX", message: `The pattern is not a valid regular expression: ${reason}.` };
}

function compile(pattern: FlowPattern): CompiledPattern {
  const { body, flags } = pattern;
  if (body.length > REGEX_MAX_LENGTH)
    return {
      ok: false,
      code: "REGEX_TOO_COMPLEX",
      message: `The pattern is ${body.length} characters long; at most ${REGEX_MAX_LENGTH}.`,
    };
  let regex: RE2JS;
  try {
    // JavaScript's sticky flag anchors a fresh test at the start of the text.
    const source = translateJsSyntax(flags.includes("y") ? String.raw`\A(?:${body})` : body);
    regex = RE2JS.compile(source, re2Flags(flags));
  } catch (error) {
    return describeRefusal(pattern, error);
  }
  const size = regex.programSize();
  if (size > REGEX_MAX_PROGRAM_SIZE)
    return {
      ok: false,
      code: "REGEX_TOO_COMPLEX",
      message: `The pattern compiles to ${size} instructions; at most ${REGEX_MAX_PROGRAM_SIZE} (a {n} repeat copies its operand n times).`,
    };
  return { ok: true, regex, size };
}

/**
 * A flow pattern compiled for RE2, whose matching takes time linear in the text (no
 * backtracking), or why it cannot run. Compiled once per distinct pattern while it stays in
 * the cache, not once per message.
 */
export function compileFlowPattern(pattern: FlowPattern): CompiledPattern {
  // Flags are letters only, so the first ":" ends them.
  const key = `${pattern.literal ? "L" : "P"}${pattern.flags}:${pattern.body}`;
  return cache.getOrCompute(key, () => compile(pattern));
}
