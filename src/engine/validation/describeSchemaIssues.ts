import type { z } from "zod";
import { ID_PATTERN } from "../schema/common-schemas.ts";
import { toJsonPointer, type FlowProblem, type FlowProblemCode } from "./flow-problem.ts";

type Issue = z.core.$ZodIssue;
type Segment = string | number;

function valueAt(input: unknown, path: readonly Segment[]): unknown {
  let value = input;
  for (const segment of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** "a string", "an object". */
function withArticle(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return withArticle(typeof value);
}

/** "block \"greet\"", "trigger 0" or "the flow": where a problem is, in words. */
function describeOwner(input: unknown, path: readonly Segment[]): string {
  const [list, index] = path;
  if ((list === "blocks" || list === "triggers") && typeof index === "number") {
    const id = valueAt(input, [list, index, "id"]);
    const noun = list === "blocks" ? "Block" : "Trigger";
    return typeof id === "string" ? `${noun} "${id}"` : `${noun} ${index}`;
  }
  return "The flow";
}

/** The field's name relative to its block or trigger, e.g. `"retry.max"`. */
function fieldName(path: readonly Segment[]): string {
  const [list, index] = path;
  const inOwner = (list === "blocks" || list === "triggers") && typeof index === "number" ? path.slice(2) : path;
  return inOwner.length === 0 ? "it" : `"${inOwner.join(".")}"`;
}

function describe(issue: Issue, input: unknown): FlowProblem[] {
  const path = issue.path.map((segment) => (typeof segment === "number" ? segment : String(segment)));
  const owner = describeOwner(input, path);
  const field = fieldName(path);
  const problem = (code: FlowProblemCode, message: string, at = path): FlowProblem => ({
    path: toJsonPointer(at),
    code,
    message,
  });
  const value = valueAt(input, path);
  const missing = value === undefined && path.length > 0;
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => problem("UNKNOWN_FIELD", `${owner}: unknown field "${key}".`, [...path, key]));
    case "invalid_type":
      if (missing) return [problem("MISSING_FIELD", `${owner}: ${field} is required.`)];
      return [
        problem(
          "WRONG_TYPE",
          `${owner}: ${field} must be ${issue.expected === "int" ? "a whole number" : withArticle(issue.expected)}, not ${kindOf(value)}.`,
        ),
      ];
    case "invalid_union": {
      const options = ("options" in issue ? (issue.options ?? []) : []).map(String).join(", ");
      if (missing) {
        return [problem("MISSING_FIELD", `${owner}: ${field} is required${options ? ` (one of ${options})` : ""}.`)];
      }
      if (!("discriminator" in issue) || issue.discriminator === undefined) {
        return [problem("WRONG_TYPE", `${owner}: ${field} cannot be ${kindOf(value)}.`)];
      }
      const isBlockType = path.length === 3 && path[0] === "blocks";
      return [
        problem(
          isBlockType ? "UNKNOWN_BLOCK_TYPE" : "INVALID_VALUE",
          `${owner}: type ${JSON.stringify(value)} is not one of ${options}.`,
        ),
      ];
    }
    case "invalid_value":
      if (missing) return [problem("MISSING_FIELD", `${owner}: ${field} is required.`)];
      // Stryker disable next-line ConditionalExpression,LogicalOperator: schemaVersion is the only literal at the top, and nothing nests under it
      if (path.length === 1 && path[0] === "schemaVersion") {
        return [
          problem(
            "UNSUPPORTED_SCHEMA_VERSION",
            `schemaVersion ${JSON.stringify(value)} is not supported; this server reads schemaVersion 1.`,
          ),
        ];
      }
      return [
        problem(
          "INVALID_VALUE",
          `${owner}: ${field} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}.`,
        ),
      ];
    case "invalid_format":
      // Stryker disable next-line ConditionalExpression: only a regex format has a pattern
      if (issue.format === "regex" && issue.pattern === String(ID_PATTERN)) {
        return [
          problem(
            "INVALID_ID",
            `${owner}: ${JSON.stringify(value)} is not a valid id; ids start with a letter, then letters, digits, "_" or "-".`,
          ),
        ];
      }
      return [
        problem(
          "INVALID_VAR_NAME",
          `${owner}: ${JSON.stringify(value)} is not a valid variable name; use letters, digits and "_" (not starting with a digit), and not "customer".`,
        ),
      ];
    case "too_small":
      if (path.at(-1) === "intents")
        return [problem("NO_INTENTS", `${owner}: an intent block needs at least one intent.`)];
      return [
        problem(
          "INVALID_VALUE",
          `${owner}: ${field} ${issue.origin === "array" ? `needs at least ${issue.minimum} item(s)` : issue.origin === "string" ? "must not be empty" : `must be at least ${issue.minimum}`}.`,
        ),
      ];
    case "too_big":
      if (issue.origin === "array")
        return [problem("INVALID_VALUE", `${owner}: ${field} may have at most ${issue.maximum} items.`)];
      return [problem("INVALID_VALUE", `${owner}: ${field} must be at most ${issue.maximum}.`)];
    default:
      return [problem("INVALID_VALUE", `${owner}: ${field} is invalid: ${issue.message}.`)];
  }
}

/** Turns zod's issues into problems a flow author can act on, one per problem. */
export function describeSchemaIssues(issues: readonly Issue[], input: unknown): FlowProblem[] {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return [{ path: "", code: "WRONG_TYPE", message: `A flow must be an object, not ${kindOf(input)}.` }];
  }
  return issues.flatMap((issue) => describe(issue, input));
}
