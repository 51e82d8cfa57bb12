import { parseDuration } from "../schema/common-schemas.ts";
import type { Block } from "../schema/block-schemas.ts";
import type { SessionState, TimerRequest } from "../types.ts";

/**
 * The timer of the block the conversation waits at: a `wait` block's silence timer, or a
 * `handoff` block's while the conversation is with the humans. `null` when it waits at a block
 * without one, has ended, or halted after a runaway.
 */
export function timerAt(blocks: ReadonlyMap<string, Block>, state: SessionState): TimerRequest | null {
  const position = state.position;
  if (!position || position.status === "halted") return null;
  const block = blocks.get(position.blockId);
  if (!block || (block.type !== "wait" && block.type !== "handoff") || !block.timeout) return null;
  const afterMs = parseDuration(block.timeout.after);
  return afterMs === undefined ? null : { afterMs, blockId: block.id };
}
