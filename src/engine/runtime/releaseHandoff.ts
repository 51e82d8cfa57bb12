import type { TurnOutcome } from "../types.ts";
import { getBlock, recordStep, type TurnContext } from "./turn-context.ts";
import { walkFlow } from "./walkFlow.ts";

/**
 * An operator handed the conversation back: the flow continues at `goto` (a block the operator
 * named) or at the handoff block's `next`, in a turn no customer message started. The caller
 * checks that the session is in a handoff and that `goto` names a block.
 */
export async function releaseHandoff(ctx: TurnContext, goto: string | undefined): Promise<TurnOutcome> {
  const position = ctx.state.position;
  if (position?.status !== "handoff") throw new Error("release: the conversation is not with an operator");
  const block = getBlock(ctx, position.blockId);
  if (block.type !== "handoff") throw new Error(`release: "${block.id}" is a ${block.type} block`);
  const next = goto ?? block.next;
  recordStep(ctx, block, "handoff", { event: "released", next });
  return walkFlow(ctx, next);
}
