import type { TurnTrace } from "./read-stored-turns.ts";

/** Where a block stood in a turn: its id and the bot's line there (`null`: no line, or the conversation stopped). */
export interface ReplayPoint {
  blockId: string | null;
  text: string | null;
}

export interface Divergence {
  turn: number;
  before: ReplayPoint;
  after: ReplayPoint;
}

/**
 * The first turn whose bot lines or path differ between the stored conversation and its replay.
 * Lines come first: the first line that differs (or is missing on one side) is reported; when
 * every line matches but the blocks entered do not, the first block that differs, without text.
 */
export function findDivergence(turns: { turn: number; before: TurnTrace; after: TurnTrace }[]): Divergence | null {
  for (const { turn, before, after } of turns) {
    const lines = Math.max(before.outputs.length, after.outputs.length);
    for (let i = 0; i < lines; i++) {
      const was = before.outputs[i];
      const is = after.outputs[i];
      if (was?.blockId === is?.blockId && was?.text === is?.text) continue;
      return { turn, before: pointAt(before, was), after: pointAt(after, is) };
    }
    const steps = Math.max(before.path.length, after.path.length);
    for (let i = 0; i < steps; i++) {
      if (before.path[i] === after.path[i]) continue;
      return {
        turn,
        before: { blockId: before.path[i] ?? null, text: null },
        after: { blockId: after.path[i] ?? null, text: null },
      };
    }
  }
  return null;
}

/** A line, or where the side without one stopped: the last block it entered that turn. */
function pointAt(trace: TurnTrace, line: { blockId: string; text: string } | undefined): ReplayPoint {
  if (line) return { blockId: line.blockId, text: line.text };
  return { blockId: trace.path[trace.path.length - 1] ?? null, text: null };
}
