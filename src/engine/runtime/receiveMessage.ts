import type { TurnOutcome } from "../types.ts";
import { answerWaitBlock } from "../blocks/answerWaitBlock.ts";
import { findFiringTrigger } from "./findFiringTrigger.ts";
import { fireTrigger } from "./fireTrigger.ts";
import { endConversation, getBlock, handOver, pauseAt, type TurnContext } from "./turn-context.ts";
import { walkFlow } from "./walkFlow.ts";

/**
 * Handles a customer message in a running conversation: triggers first (the firing message is
 * consumed), then the wait block the conversation is paused at. After a runaway halt there is
 * no wait block: the message becomes the last message and the flow continues where it stopped.
 */
export async function receiveMessage(ctx: TurnContext, text: string): Promise<TurnOutcome> {
  const position = ctx.state.position;
  if (position === null) return walkFlow(ctx, ctx.flow.start);
  ctx.state.lastMessage = text;
  // A human holds the conversation: the bot says nothing and no trigger fires. The chat service
  // does not even run the engine then; this keeps the engine right on its own.
  if (position.status === "handoff") {
    const block = getBlock(ctx, position.blockId);
    return {
      type: "waiting",
      blockId: block.id,
      handoff: { queue: block.type === "handoff" ? (block.queue ?? null) : null },
    };
  }
  const fired = findFiringTrigger(ctx.flow.triggers, text, ctx.state.activeTriggers);
  if (fired !== null) {
    return fireTrigger(ctx, fired, {
      blockId: position.blockId,
      mode: position.status === "waiting" ? "wait" : "enter",
    });
  }
  if (position.status === "halted") return walkFlow(ctx, position.blockId);
  const block = getBlock(ctx, position.blockId);
  if (block.type !== "wait") throw new Error(`Session waits at "${block.id}", a ${block.type} block`);
  const result = answerWaitBlock(block, ctx, text);
  if (result.status === "pause") return pauseAt(ctx, result.blockId);
  if (result.status === "end") return endConversation(ctx);
  if (result.status === "handoff") return handOver(ctx, result.blockId, result.queue);
  return walkFlow(ctx, result.next);
}
