import type { FlowProblem } from "./flow-problem.ts";
import { findReachableBlocks, indexBlocks } from "./analyseReachability.ts";
import type { FlowGraph, GraphBlock, GraphEdge } from "./readFlowGraph.ts";

/**
 * Loops a conversation can enter that contain no wait block: once in, the flow could never pause
 * for the customer. Every branch of intent and condition blocks counts, since any may be taken.
 * One error per loop (strongly connected component), at the edge that closes it.
 */
export function checkWaitlessCycles(graph: FlowGraph): FlowProblem[] {
  const byId = indexBlocks(graph);
  const reachable = findReachableBlocks(graph);
  const successors = (block: GraphBlock): GraphEdge[] =>
    block.edges.filter((edge) => {
      const target = byId.get(edge.target);
      return target !== undefined && !pauses(target) && reachable.has(target.id);
    });
  const nodes = [...byId.values()].filter((block) => !pauses(block) && reachable.has(block.id));
  return findLoops(nodes, successors, byId).map((loop) => {
    const first = loop[0] as GraphBlock;
    const last = loop.at(-1) as GraphBlock;
    const closing = last.edges.find((edge) => edge.target === first.id) as GraphEdge;
    const names = [...loop, first].map((block) => block.id).join(" → ");
    return {
      path: closing.path,
      code: "CYCLE_WITHOUT_WAIT",
      message: `The loop ${names} has no wait block, so it could never pause for the customer.`,
    };
  });
}

/** A block the conversation stops at for someone: the customer (wait) or an operator (handoff). */
function pauses(block: GraphBlock): boolean {
  return block.type === "wait" || block.type === "handoff";
}

/** Tarjan's strongly connected components, each returned as one concrete loop through its blocks. */
function findLoops(
  nodes: GraphBlock[],
  successors: (block: GraphBlock) => GraphEdge[],
  byId: Map<string, GraphBlock>,
): GraphBlock[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: GraphBlock[] = [];
  const onStack = new Set<string>();
  const loops: GraphBlock[][] = [];
  const visit = (block: GraphBlock): void => {
    index.set(block.id, index.size);
    low.set(block.id, index.get(block.id) as number);
    stack.push(block);
    onStack.add(block.id);
    for (const edge of successors(block)) {
      const next = byId.get(edge.target) as GraphBlock;
      if (!index.has(next.id)) {
        visit(next);
        low.set(block.id, Math.min(low.get(block.id) as number, low.get(next.id) as number));
      } else if (onStack.has(next.id)) {
        low.set(block.id, Math.min(low.get(block.id) as number, index.get(next.id) as number));
      }
    }
    if (low.get(block.id) !== index.get(block.id)) return;
    const component: GraphBlock[] = [];
    let member: GraphBlock;
    do {
      member = stack.pop() as GraphBlock;
      onStack.delete(member.id);
      component.push(member);
    } while (member !== block);
    const selfLoop = successors(block).some((edge) => edge.target === block.id);
    if (component.length > 1 || selfLoop) loops.push(traceLoop(component, successors));
  };
  for (const node of nodes) if (!index.has(node.id)) visit(node);
  return loops;
}

/** A loop through a component, starting at its first block in document order (found breadth-first). */
function traceLoop(component: GraphBlock[], successors: (block: GraphBlock) => GraphEdge[]): GraphBlock[] {
  const members = new Map(component.map((block) => [block.id, block]));
  const start = [...component].sort((a, b) => a.index - b.index)[0] as GraphBlock;
  const cameFrom = new Map<string, GraphBlock[]>([[start.id, [start]]]);
  const queue = [start];
  while (queue.length > 0) {
    const block = queue.shift() as GraphBlock;
    const pathSoFar = cameFrom.get(block.id) as GraphBlock[];
    for (const edge of successors(block)) {
      if (edge.target === start.id) return pathSoFar;
      const next = members.get(edge.target);
      if (next === undefined || cameFrom.has(next.id)) continue;
      cameFrom.set(next.id, [...pathSoFar, next]);
      queue.push(next);
    }
  }
  return [start];
}
