import { toJsonPointer, type FlowProblem } from "./flow-problem.ts";
import type { FlowGraph, GraphBlock } from "./readFlowGraph.ts";

/** Blocks by id; with duplicate ids the first block wins (the duplicates are reported anyway). */
export function indexBlocks(graph: FlowGraph): Map<string, GraphBlock> {
  const byId = new Map<string, GraphBlock>();
  for (const block of graph.blocks) if (!byId.has(block.id)) byId.set(block.id, block);
  return byId;
}

/** Ids of the blocks a conversation can reach from `start` or any trigger's `goto`. */
export function findReachableBlocks(graph: FlowGraph): Set<string> {
  const byId = indexBlocks(graph);
  const entries = [graph.start, ...graph.triggers.map((trigger) => trigger.goto)];
  const pending = entries.flatMap((edge) => (edge ? [edge.target] : []));
  const reached = new Set<string>();
  while (pending.length > 0) {
    const id = pending.pop() as string;
    const block = byId.get(id);
    if (block === undefined || reached.has(id)) continue;
    reached.add(id);
    for (const edge of block.edges) pending.push(edge.target);
  }
  return reached;
}

/** Warnings for blocks no conversation can reach: usually a typo in some `next`. */
export function findUnreachableBlocks(graph: FlowGraph): FlowProblem[] {
  if (graph.start === null) return [];
  const reached = findReachableBlocks(graph);
  return [...indexBlocks(graph).values()]
    .filter((block) => !reached.has(block.id))
    .map((block) => ({
      path: toJsonPointer(["blocks", block.index]),
      code: "UNREACHABLE_BLOCK",
      message: `Block "${block.id}" cannot be reached from "start" or any trigger.`,
    }));
}
