import type { Flow } from "../schema/flow-schema.ts";
import type { QuickReply } from "../types.ts";

/**
 * The quick replies offered while the conversation waits at `blockId`: a wait block's `options`
 * (copies, so no caller can change the flow), `undefined` when there are none. The chat service
 * asks it too, for a resumed session's `waiting` frame.
 */
export function optionsAt(flow: Flow, blockId: string): QuickReply[] | undefined {
  const block = flow.blocks.find((candidate) => candidate.id === blockId);
  if (block?.type !== "wait" || block.options === undefined) return undefined;
  return block.options.map(({ label, value }) => ({ label, value }));
}
