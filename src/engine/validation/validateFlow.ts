import { flowSchema } from "../schema/flow-schema.ts";
import { findUnreachableBlocks } from "./analyseReachability.ts";
import { checkDuplicateIds, checkTargets } from "./checkReferences.ts";
import { checkWaitlessCycles } from "./checkWaitlessCycles.ts";
import { describeSchemaIssues } from "./describeSchemaIssues.ts";
import { findUnstorableText } from "./findUnstorableText.ts";
import type { FlowProblem, ValidationResult } from "./flow-problem.ts";
import { readFlowGraph } from "./readFlowGraph.ts";

function byPath(a: FlowProblem, b: FlowProblem): number {
  // Numeric-aware so that /blocks/10 comes after /blocks/9.
  return a.path.localeCompare(b.path, "en", { numeric: true });
}

/**
 * Checks a parsed flow document and reports every problem at once: schema problems and graph
 * problems (duplicate ids, unknown targets, loops that never wait) together, so an author fixes
 * a flow in one round trip. Unreachable blocks are warnings. Text the database could not
 * store (NUL, lone surrogates) and nesting past `MAX_FLOW_DEPTH` are errors too.
 */
export function validateFlow(input: unknown): ValidationResult {
  const parsed = flowSchema.safeParse(input);
  const graph = readFlowGraph(input);
  const errors = [
    ...(parsed.success ? [] : describeSchemaIssues(parsed.error.issues, input)),
    ...checkDuplicateIds(graph),
    ...checkTargets(graph),
    ...checkWaitlessCycles(graph),
    ...findUnstorableText(input),
  ];
  const warnings = findUnreachableBlocks(graph);
  if (parsed.success && errors.length === 0) return { ok: true, flow: parsed.data, warnings };
  // A stable order makes error lists diffable and tests simple; sort is stable within a path.
  return { ok: false, errors: errors.sort(byPath), warnings };
}
