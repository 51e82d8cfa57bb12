import { flowSchema } from "../schema/flow-schema.ts";
import { findUnreachableBlocks } from "./analyseReachability.ts";
import { checkPatterns } from "./checkPatterns.ts";
import { checkDuplicateIds, checkTargets } from "./checkReferences.ts";
import { checkWaitlessCycles } from "./checkWaitlessCycles.ts";
import { describeSchemaIssues } from "./describeSchemaIssues.ts";
import { findUnstorableText } from "./findUnstorableText.ts";
import type { FlowProblem, ValidationResult } from "./flow-problem.ts";
import { readFlowGraph } from "./readFlowGraph.ts";

export interface ValidateFlowOptions {
  /**
   * Whether `matches` patterns must compile for RE2. Off only for versions stored before the
   * check existed: they still load, and a pattern RE2 refuses counts as no match at run time.
   * @default true
   */
  checkPatterns?: boolean;
}

function byPath(a: FlowProblem, b: FlowProblem): number {
  // Numeric-aware so that /blocks/10 comes after /blocks/9.
  return a.path.localeCompare(b.path, "en", { numeric: true });
}

/**
 * Checks a parsed flow document and reports every problem at once: schema problems and graph
 * problems (duplicate ids, unknown targets, loops that never wait) together, so an author fixes
 * a flow in one round trip. Unreachable blocks are warnings. Text the database could not
 * store (NUL, lone surrogates), nesting past `MAX_FLOW_DEPTH` and `matches` patterns the
 * linear-time regex engine cannot run are errors too.
 */
export function validateFlow(input: unknown, options: ValidateFlowOptions = {}): ValidationResult {
  const parsed = flowSchema.safeParse(input);
  const graph = readFlowGraph(input);
  const errors = [
    ...(parsed.success ? [] : describeSchemaIssues(parsed.error.issues, input)),
    ...checkDuplicateIds(graph),
    ...checkTargets(graph),
    ...checkWaitlessCycles(graph),
    ...findUnstorableText(input),
    ...(options.checkPatterns === false ? [] : checkPatterns(input)),
  ];
  const warnings = findUnreachableBlocks(graph);
  if (parsed.success && errors.length === 0) return { ok: true, flow: parsed.data, warnings };
  // A stable order makes error lists diffable and tests simple; sort is stable within a path.
  return { ok: false, errors: errors.sort(byPath), warnings };
}
