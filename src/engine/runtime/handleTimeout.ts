import type { TurnOutcome } from "../types.ts";
import { getBlock, recordStep, type TurnContext } from "./turn-context.ts";
import { walkFlow } from "./walkFlow.ts";
import { timerAt } from "./timerAt.ts";

/**
 * The silence timer went off: the flow continues at the `timeout.next` of the block the
 * conversation waits at (a `wait` the customer did not answer, or a `handoff` no operator
 * claimed). A timer that no longer applies (the session moved on, ended, or an operator holds
 * it) changes nothing: the chat service checks this too, but the engine must not trust it.
 */
export async function handleTimeout(ctx: TurnContext): Promise<TurnOutcome> {
  const timer = ctx.state.ended ? null : timerAt(ctx.blocks, ctx.state);
  const position = ctx.state.position;
  if (!timer || !position) return currentOutcome(ctx);
  const block = getBlock(ctx, timer.blockId);
  if (block.type !== "wait" && block.type !== "handoff") return currentOutcome(ctx);
  const next = block.timeout!.next;
  if (block.type === "handoff") recordStep(ctx, block, "handoff", { event: "timed_out", next });
  recordStep(ctx, block, "timeout", { after: block.timeout!.after, next });
  ctx.state.retries = 0;
  return walkFlow(ctx, next);
}

function currentOutcome(ctx: TurnContext): TurnOutcome {
  const position = ctx.state.position;
  if (ctx.state.ended || !position) return { type: "ended" };
  return { type: "waiting", blockId: position.blockId };
}
