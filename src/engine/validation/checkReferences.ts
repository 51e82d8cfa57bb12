import { ID_PATTERN } from "../schema/common-schemas.ts";
import { toJsonPointer, type FlowProblem } from "./flow-problem.ts";
import type { FlowGraph, GraphEdge } from "./readFlowGraph.ts";

/** Duplicate block or trigger ids; every occurrence after the first is reported. */
export function checkDuplicateIds(graph: FlowGraph): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const seenBlocks = new Set<string>();
  for (const block of graph.blocks) {
    if (seenBlocks.has(block.id)) {
      problems.push({
        path: toJsonPointer(["blocks", block.index, "id"]),
        code: "DUPLICATE_ID",
        message: `Block id "${block.id}" is used by an earlier block; ids must be unique.`,
      });
    }
    seenBlocks.add(block.id);
  }
  const seenTriggers = new Set<string>();
  for (const trigger of graph.triggers) {
    if (trigger.id === null) continue;
    if (seenTriggers.has(trigger.id)) {
      problems.push({
        path: toJsonPointer(["triggers", trigger.index, "id"]),
        code: "DUPLICATE_ID",
        message: `Trigger id "${trigger.id}" is used by an earlier trigger; ids must be unique.`,
      });
    }
    seenTriggers.add(trigger.id);
  }
  return problems;
}

/** References (`start`, `next`, `goto`, `noMatch`, …) that name no block. */
export function checkTargets(graph: FlowGraph): FlowProblem[] {
  const ids = new Set(graph.blocks.map((block) => block.id));
  const edges: GraphEdge[] = [
    ...(graph.start ? [graph.start] : []),
    ...graph.triggers.flatMap((trigger) => (trigger.goto ? [trigger.goto] : [])),
    ...graph.blocks.flatMap((block) => block.edges),
  ];
  // A malformed id is already reported by the schema as INVALID_ID; saying it is also unknown is noise.
  return edges
    .filter((edge) => !ids.has(edge.target) && ID_PATTERN.test(edge.target))
    .map((edge) => ({
      path: edge.path,
      code: "UNKNOWN_TARGET",
      message: `${edge.label} names "${edge.target}", but no block has that id.`,
    }));
}
