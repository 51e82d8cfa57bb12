import type { Block, Flow } from "../../src/engine/index.ts";

/** An arrow of the picture: where the flow may go next, and on what. */
interface Edge {
  from: string;
  to: string;
  label: string | undefined;
  dashed: boolean;
}

// Words Mermaid reads as syntax when used as a node id (`end` closes a subgraph, and so on).
const RESERVED = new Set([
  "end",
  "graph",
  "flowchart",
  "subgraph",
  "style",
  "class",
  "classdef",
  "click",
  "linkstyle",
  "direction",
  "default",
  "call",
  "href",
]);

const SHAPES: Record<Block["type"], [open: string, close: string]> = {
  message: ['["', '"]'],
  wait: ['(["', '"])'],
  intent: ['{"', '"}'],
  condition: ['{"', '"}'],
  set: ['[/"', '"/]'],
  feedback: ['[("', '")]'],
  ai: ['[["', '"]]'],
  return: ['{{"', '"}}'],
  end: ['(("', '"))'],
  handoff: ['[\\"', '"/]'],
  http: ['[/"', '"\\]'],
};

/** Longest edge label before it is shortened (conditions may hold whole regular expressions). */
const MAX_LABEL = 40;

/**
 * The flow as a Mermaid flowchart, for review as a picture: one node per block (its id and
 * type; the shape tells the type at a glance), an arrow for every way a block can continue
 * (`next`, intents, no match, error, branches, else, retries exhausted) and dashed arrows from
 * the triggers, which can interrupt anywhere. Pure: the same flow always gives the same text.
 */
export function flowToMermaid(flow: Flow): string {
  const ids = nodeIds(flow);
  const node = (blockId: string) => ids.get(blockId) ?? blockId;
  const lines = ["flowchart TD"];
  const startId = freshId("start", ids);
  lines.push(`  ${startId}((start)) --> ${node(flow.start)}`);
  for (const block of flow.blocks) {
    const [open, close] = SHAPES[block.type];
    lines.push(`  ${node(block.id)}${open}${escape(block.id)}<br/>${block.type}${close}`);
  }
  const edges = mergeParallel(flow.blocks.flatMap((block) => blockEdges(block)));
  flow.triggers.forEach((trigger) => {
    const id = freshId(`trigger_${trigger.id}`, ids);
    lines.push(`  ${id}>"trigger ${escape(trigger.id)}: ${escape(trigger.keywords.join(", "))}"]`);
    edges.push({ from: id, to: trigger.goto, label: trigger.resume ? "resume" : undefined, dashed: true });
  });
  for (const edge of edges) {
    const from = ids.get(edge.from) ?? edge.from;
    const arrow = edge.dashed ? "-.->" : "-->";
    const label = edge.label === undefined ? "" : `|"${escape(shorten(edge.label))}"|`;
    lines.push(`  ${from} ${arrow}${label} ${node(edge.to)}`);
  }
  return `${lines.join("\n")}\n`;
}

function blockEdges(block: Block): Edge[] {
  const edge = (to: string | undefined, label?: string): Edge[] =>
    to === undefined ? [] : [{ from: block.id, to, label, dashed: false }];
  switch (block.type) {
    case "message":
    case "set":
    case "feedback":
    case "ai":
      return edge(block.next);
    case "wait":
      return [...edge(block.next), ...edge(block.retry?.exhausted, "retries exhausted")];
    case "handoff":
      return edge(block.next, "released");
    case "http":
      return [...edge(block.next), ...edge(block.onError, "error")];
    case "intent":
      return [
        ...block.intents.flatMap((intent) => edge(intent.next, intent.id)),
        ...edge(block.noMatch, "no match"),
        // Without its own onError, a classifier failure takes the noMatch path.
        ...edge(block.onError ?? block.noMatch, "error"),
      ];
    case "condition":
      return [
        ...block.branches.flatMap((branch) =>
          edge(branch.next, `${branch.if.var} ${branch.if.op} ${String(branch.if.value)}`),
        ),
        ...edge(block.else, "else"),
      ];
    case "return":
    case "end":
      return [];
    default: {
      const unknown: never = block;
      return unknown;
    }
  }
}

/** Two arrows between the same blocks become one with both labels ("no match / error"). */
function mergeParallel(edges: Edge[]): Edge[] {
  const merged = new Map<string, Edge>();
  for (const edge of edges) {
    const key = `${edge.from}\u0000${edge.to}\u0000${edge.dashed}`;
    const seen = merged.get(key);
    if (!seen) merged.set(key, { ...edge });
    else if (seen.label !== undefined && edge.label !== undefined) seen.label = `${seen.label} / ${edge.label}`;
    else seen.label = undefined;
  }
  return [...merged.values()];
}

/** Block ids as Mermaid node ids: as they are when Mermaid can read them, else `block_<n>`. */
function nodeIds(flow: Flow): Map<string, string> {
  const ids = new Map<string, string>();
  flow.blocks.forEach((block, index) => {
    const readable = /^[A-Za-z][A-Za-z0-9_]*$/.test(block.id) && !RESERVED.has(block.id.toLowerCase());
    ids.set(block.id, readable ? block.id : freshId(`block_${index}`, ids));
  });
  return ids;
}

function freshId(wanted: string, taken: Map<string, string>): string {
  const base = wanted.replace(/[^A-Za-z0-9_]/g, "_");
  const used = new Set([...taken.keys(), ...taken.values()]);
  let id = base;
  for (let n = 2; used.has(id) || RESERVED.has(id.toLowerCase()); n++) id = `${base}_${n}`;
  taken.set(`\u0000${id}`, id);
  return id;
}

function shorten(text: string): string {
  return text.length <= MAX_LABEL ? text : `${text.slice(0, MAX_LABEL - 1)}…`;
}

/** Mermaid's entity codes for the characters that would end a label early. */
function escape(text: string): string {
  return text.replace(/["#|<>]/g, (char) => `#${char.charCodeAt(0)};`);
}
