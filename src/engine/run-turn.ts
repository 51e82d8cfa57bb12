import type { EnginePorts } from "./ports.ts";
import { findFiringTrigger } from "./runtime/findFiringTrigger.ts";
import { fireTrigger } from "./runtime/fireTrigger.ts";
import { receiveMessage } from "./runtime/receiveMessage.ts";
import { handleTimeout } from "./runtime/handleTimeout.ts";
import { releaseHandoff } from "./runtime/releaseHandoff.ts";
import { timerAt } from "./runtime/timerAt.ts";
import { createTurnContext, type RunnableFlow, type TurnContext } from "./runtime/turn-context.ts";
import { walkFlow } from "./runtime/walkFlow.ts";
import type { EngineEvent, SessionState, TurnOutcome, TurnResult } from "./types.ts";

/**
 * Runs one turn of a conversation: `(flow, state, event) → { state, outputs, steps, feedback,
 * outcome }`. Pure apart from the injected ports; the caller's `state` is not mutated.
 */
export async function runTurn(
  flow: RunnableFlow,
  state: SessionState,
  event: EngineEvent,
  ports: EnginePorts,
): Promise<TurnResult> {
  const startState = event.type === "start" ? restart(state) : state;
  const ctx = createTurnContext(flow, startState, event.customer, event.sessionId ?? "", ports);
  const outcome = await dispatchEvent(ctx, event);
  const timer = outcome.type === "ended" ? null : timerAt(ctx.blocks, ctx.state);
  return { state: ctx.state, outputs: ctx.outputs, steps: ctx.steps, feedback: ctx.feedback, outcome, timer };
}

async function dispatchEvent(ctx: TurnContext, event: EngineEvent): Promise<TurnOutcome> {
  if (event.type === "message") {
    // An ended session takes no more messages: the chat service opens a new one with a `start`.
    if (ctx.state.ended) return { type: "ended" };
    return receiveMessage(ctx, event.text);
  }
  if (event.type === "release") return releaseHandoff(ctx, event.goto);
  if (event.type === "timeout") return handleTimeout(ctx);
  const text = event.text;
  if (text === undefined || text.trim() === "") return walkFlow(ctx, ctx.flow.start);
  const fired = findFiringTrigger(ctx.flow.triggers, text, ctx.state.activeTriggers);
  // A message that opens a session answers nothing (not even an intent block's default input),
  // so unless it fires a trigger the flow simply starts; after the trigger, `return` runs the
  // flow from its start.
  if (fired !== null) return fireTrigger(ctx, fired, { blockId: ctx.flow.start, mode: "enter" });
  return walkFlow(ctx, ctx.flow.start);
}

/** A new session keeps nothing of a previous conversation's position, only the variables given. */
function restart(state: SessionState): SessionState {
  return { ...state, position: null, returnStack: [], retries: 0, activeTriggers: [], ended: false, lastMessage: null };
}
