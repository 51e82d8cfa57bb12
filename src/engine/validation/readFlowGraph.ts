import { toJsonPointer } from "./flow-problem.ts";

/** A reference from one place in the document to a block id. */
export interface GraphEdge {
  target: string;
  /** JSON pointer of the field holding the reference. */
  path: string;
  /** The reference in words, e.g. `Block "greet": "next"`, for messages. */
  label: string;
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

function edgeAt(value: unknown, segments: (string | number)[], owner = "The flow"): GraphEdge | null {
  if (typeof value !== "string") return null;
  const field = segments.slice(owner === "The flow" ? 0 : 2).join(".");
  return { target: value, path: toJsonPointer(segments), label: `${owner}: "${field}"` };
}

/**
 * The fields that may hold references, per block type. A reference in a field the type does not
 * have (say `next` on an `end` block) is only an unknown field, so the graph ignores it.
 */
const TARGET_FIELDS: Record<string, readonly string[]> = {
  message: ["next"],
  wait: ["next", "retry", "timeout"],
  intent: ["intents", "noMatch", "onError"],
  condition: ["branches", "else"],
  set: ["next"],
  feedback: ["next"],
  ai: ["next"],
  handoff: ["next", "timeout"],
  http: ["next", "onError"],
};

function listEdges(block: Json, type: string, index: number): GraphEdge[] {
  const base = ["blocks", index];
  const owner = `Block "${String(block["id"])}"`;
  const has = (field: string): boolean => TARGET_FIELDS[type]?.includes(field) ?? false;
  const edges = [
    has("next") ? edgeAt(block["next"], [...base, "next"], owner) : null,
    has("noMatch") ? edgeAt(block["noMatch"], [...base, "noMatch"], owner) : null,
    has("onError") ? edgeAt(block["onError"], [...base, "onError"], owner) : null,
    has("else") ? edgeAt(block["else"], [...base, "else"], owner) : null,
    has("retry") && isObject(block["retry"])
      ? edgeAt(block["retry"]["exhausted"], [...base, "retry", "exhausted"], owner)
      : null,
    has("timeout") && isObject(block["timeout"])
      ? edgeAt(block["timeout"]["next"], [...base, "timeout", "next"], owner)
      : null,
  ];
  for (const field of ["intents", "branches"]) {
    const items = block[field];
    if (!has(field) || !Array.isArray(items)) continue;
    items.forEach((item, i) =>
      edges.push(isObject(item) ? edgeAt(item["next"], [...base, field, i, "next"], owner) : null),
    );
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
    blocks.push({ id: block["id"], type, index, edges: listEdges(block, type, index) });
  });
  return {
    start: edgeAt(doc["start"], ["start"]),
    triggers: rawTriggers.map((trigger, index) => ({
      id: isObject(trigger) && typeof trigger["id"] === "string" ? trigger["id"] : null,
      index,
      goto: isObject(trigger)
        ? edgeAt(
            trigger["goto"],
            ["triggers", index, "goto"],
            `Trigger ${typeof trigger["id"] === "string" ? `"${trigger["id"]}"` : index}`,
          )
        : null,
    })),
    blocks,
  };
}
