import { parseDocument } from "yaml";
import type { ValidationResult } from "./flow-problem.ts";
import { validateFlow } from "./validateFlow.ts";
import { measureExpandedSize } from "./measureExpandedSize.ts";
import { measureYamlNesting } from "./measureYamlNesting.ts";

/**
 * Most aliases a YAML flow may expand. Real flows need a handful; a "billion laughs" document
 * needs thousands, so the limit stops it before it eats the server's memory.
 * @default 100
 */
export const YAML_MAX_ALIAS_COUNT = 100;

/**
 * Nesting YAML text may show before it is parsed: bracket depth, and block indentation in
 * columns. Both sit far above what a flow needs (it is held to 32 levels once parsed) and far
 * below what would make the parser recurse into a stack overflow or work for seconds.
 */
export const YAML_MAX_FLOW_NESTING = 64;
export const YAML_MAX_INDENT = 256;

/**
 * Largest flow, in characters of JSON, that YAML aliases may expand to: the request body limit,
 * so a YAML upload can never store (or make `GET /config` serve) more than a JSON upload could.
 * A YAML text whose own JSON form is longer (block style is terse) may grow to
 * `YAML_MAX_EXPANSION` times its length instead.
 * @default 1 MiB (1048576)
 */
export const FLOW_MAX_EXPANDED_SIZE = 1024 * 1024;

/** @default 2 */
export const YAML_MAX_EXPANSION = 2;

/** Flow text as the document written (no defaults filled in, key order kept), or why it cannot be read. */
export type FlowText = { ok: true; value: unknown } | { ok: false; result: Extract<ValidationResult, { ok: false }> };

function fail(code: "INVALID_JSON" | "INVALID_YAML" | "FLOW_TOO_LARGE", message: string): FlowText {
  return { ok: false, result: { ok: false, errors: [{ path: "", code, message }], warnings: [] } };
}

// Stryker disable all: a fallback for engines whose JSON.parse gives a position without a line and
// column; Node >= 22 (package.json engines) always gives both, so no test on it can reach this.
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}
// Stryker restore all

function readJson(text: string): FlowText {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Stryker disable next-line Regex: the number only matters in the fallback above
    const position = /position (\d+)/.exec(message)?.[1];
    const where =
      // Stryker disable next-line ConditionalExpression: always true on Node >= 22 (see lineAndColumn), which the "true" mutant assumes
      /line \d+ column \d+/.test(message) || position === undefined
        ? ""
        : // Stryker disable next-line StringLiteral: the fallback, unreachable on Node >= 22 (see lineAndColumn)
          ` (${lineAndColumn(text, Number(position))})`;
    return fail("INVALID_JSON", `The flow is not valid JSON: ${message}${where}.`);
  }
}

function readYaml(text: string): FlowText {
  const nesting = measureYamlNesting(text);
  if (nesting.flow > YAML_MAX_FLOW_NESTING || nesting.indent > YAML_MAX_INDENT) {
    return fail(
      "INVALID_YAML",
      `The flow's YAML nests too deeply (${nesting.flow} brackets, ${nesting.indent} columns of indentation; at most ${YAML_MAX_FLOW_NESTING} and ${YAML_MAX_INDENT}).`,
    );
  }
  // Stryker disable next-line ObjectLiteral: these are yaml 2's defaults, spelled out so that an update cannot change them unseen
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, merge: false });
  const [first] = doc.errors;
  if (first !== undefined) {
    // Stryker disable next-line OptionalChaining: with prettyErrors, every error has a linePos
    const at = first.linePos?.[0];
    // Stryker disable next-line StringLiteral: "" is for an error without linePos, which prettyErrors never gives
    const where = at ? ` at line ${at.line}, column ${at.col}` : "";
    return fail(
      "INVALID_YAML",
      // Stryker disable next-line OptionalChaining,Regex: split gives at least one line; the location ends it, so the `$` changes nothing
      `The flow is not valid YAML${where}: ${first.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "")}`,
    );
  }
  let value: unknown;
  try {
    // Stryker disable next-line ObjectLiteral: 100 is also yaml's default, spelled out for the same reason as above
    value = doc.toJS({ maxAliasCount: YAML_MAX_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail("INVALID_YAML", `The flow's YAML could not be expanded: ${message}`);
  }
  // toJS shares one object between an anchor and its aliases, so nothing large exists yet; it
  // would once validation copied it or JSON.stringify wrote it out for storage.
  const limit = Math.max(FLOW_MAX_EXPANDED_SIZE, YAML_MAX_EXPANSION * text.length);
  if (measureExpandedSize(value, limit) > limit) {
    return fail(
      "FLOW_TOO_LARGE",
      `The flow's YAML aliases expand it past ${limit} characters of JSON (at most ${FLOW_MAX_EXPANDED_SIZE}, or ${YAML_MAX_EXPANSION}× the YAML text when that is more), or into a cycle.`,
    );
  }
  return { ok: true, value };
}

/** Parses flow text in either upload format, with the same limits and error messages. */
export function readFlowText(text: string, format: "json" | "yaml"): FlowText {
  return format === "json" ? readJson(text) : readYaml(text);
}

/** Parses flow text in either upload format, then validates it like `validateFlow`. */
export function parseFlowText(text: string, format: "json" | "yaml"): ValidationResult {
  const parsed = readFlowText(text, format);
  return parsed.ok ? validateFlow(parsed.value) : parsed.result;
}
