import type { TurnOutcome } from "../types.ts";
import type { FiredTrigger } from "./findFiringTrigger.ts";
import { getBlock, recordStep, type TurnContext } from "./turn-context.ts";
import { walkFlow } from "./walkFlow.ts";

/** Where the conversation was when the trigger fired, and how to get back there. */
export interface Interruption {
  blockId: string;
  mode: "wait" | "enter";
}

/** Jumps to a trigger's `goto`; with `resume: true`, first remembers where to come back to. */
export async function fireTrigger(
  ctx: TurnContext,
  fired: FiredTrigger,
  interrupted: Interruption,
): Promise<TurnOutcome> {
  const { trigger, keyword } = fired;
  recordStep(ctx, getBlock(ctx, interrupted.blockId), "trigger", {
    triggerId: trigger.id,
    keyword,
    goto: trigger.goto,
    resume: trigger.resume,
  });
  if (trigger.resume) {
    ctx.state.returnStack.push({ triggerId: trigger.id, ...interrupted, retries: ctx.state.retries });
  }
  ctx.state.activeTriggers.push(trigger.id);
  ctx.state.retries = 0;
  return walkFlow(ctx, trigger.goto);
}
