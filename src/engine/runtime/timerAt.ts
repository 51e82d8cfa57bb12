import { parseDuration } from "../schema/common-schemas.ts";
import type { Block } from "../schema/block-schemas.ts";
import type { Flow } from "../schema/flow-schema.ts";
import type { SessionState, TimerRequest } from "../types.ts";
import { indexBlocks } from "./turn-context.ts";

/**
 * The timer of the block the conversation waits at: a `wait` block's silence timer, or a
 * `handoff` block's while the conversation is with the humans. `null` when it waits at a block
 * without one, has ended, or halted after a runaway.
 */
export function timerAt(blocks: ReadonlyMap<string, Block>, state: SessionState): TimerRequest | null {
  const position = state.position;
  if (!position || position.status === "halted") return null;
  const block = blocks.get(position.blockId);
  if (!block) return null;
  // Stryker disable next-line ConditionalExpression: only wait and handoff blocks have a timeout; this narrows the type
  if (block.type !== "wait" && block.type !== "handoff") return null;
  if (!block.timeout) return null;
  const afterMs = parseDuration(block.timeout.after);
  return afterMs === undefined ? null : { afterMs, blockId: block.id };
}

/**
 * The timer a stored session needs where it waits now, outside any turn: a conversation put
 * back in the handoff queue (its operator was removed) waits for a claim again, with the
 * `handoff` block's time counted anew.
 */
export function pendingTimer(flow: Flow, state: SessionState): TimerRequest | null {
  return state.ended ? null : timerAt(indexBlocks(flow), state);
}
