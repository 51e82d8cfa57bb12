import { toJsonPointer } from "./flow-problem.ts";

/** A reference from one place in the document to a block id. */
export interface GraphEdge {
  target: string;
  /** JSON pointer of the field holding the reference. */
  path: string;
}

export interface GraphBlock {
  id: string;
  type: string;
  index: number;
  edges: GraphEdge[];
}

export interface FlowGraph {
  start: GraphEdge | null;
  triggers: { id: string | null; index: number; goto: GraphEdge | null }[];
  blocks: GraphBlock[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function edgeAt(value: unknown, segments: (string | number)[]): GraphEdge | null {
  return typeof value === "string" ? { target: value, path: toJsonPointer(segments) } : null;
}

function listEdges(block: Json, index: number): GraphEdge[] {
  const base = ["blocks", index];
  const edges = [
    edgeAt(block["next"], [...base, "next"]),
    edgeAt(block["noMatch"], [...base, "noMatch"]),
    edgeAt(block["onError"], [...base, "onError"]),
    edgeAt(block["else"], [...base, "else"]),
    isObject(block["retry"]) ? edgeAt(block["retry"]["exhausted"], [...base, "retry", "exhausted"]) : null,
  ];
  for (const field of ["intents", "branches"]) {
    const items = block[field];
    if (!Array.isArray(items)) continue;
    items.forEach((item, i) => edges.push(isObject(item) ? edgeAt(item["next"], [...base, field, i, "next"]) : null));
  }
  return edges.filter((edge) => edge !== null);
}

/**
 * The block graph read leniently from a document that may not pass the schema, so that reference
 * and cycle problems are reported alongside schema problems instead of after they are fixed.
 * Any field that is not where or what it should be is skipped here; the schema reports it.
 */
export function readFlowGraph(input: unknown): FlowGraph {
  const doc = isObject(input) ? input : {};
  const rawTriggers = Array.isArray(doc["triggers"]) ? doc["triggers"] : [];
  const rawBlocks = Array.isArray(doc["blocks"]) ? doc["blocks"] : [];
  const blocks: GraphBlock[] = [];
  rawBlocks.forEach((block, index) => {
    if (!isObject(block) || typeof block["id"] !== "string") return;
    const type = typeof block["type"] === "string" ? block["type"] : "";
    blocks.push({ id: block["id"], type, index, edges: listEdges(block, index) });
  });
  return {
    start: edgeAt(doc["start"], ["start"]),
    triggers: rawTriggers.map((trigger, index) => ({
      id: isObject(trigger) && typeof trigger["id"] === "string" ? trigger["id"] : null,
      index,
      goto: isObject(trigger) ? edgeAt(trigger["goto"], ["triggers", index, "goto"]) : null,
    })),
    blocks,
  };
}
