import type { TurnOutcome } from "../engine/index.ts";
import type { StoredFeedback, StoredMessage } from "../storage/records.ts";
import type { ChatMessage, FeedbackEvent, TurnEnd } from "./chat-types.ts";

/** A stored message (or one just written) as transports present it: dates as ISO text. */
export function toChatMessage(m: Omit<StoredMessage, "seq" | "operator"> & { operator?: string | null }): ChatMessage {
  return {
    id: m.id,
    sessionId: m.sessionId,
    customerId: m.customerId,
    sender: m.sender,
    text: m.text,
    blockId: m.blockId,
    clientMsgId: m.clientMsgId,
    operator: m.operator ?? null,
    createdAt: m.createdAt.toISOString(),
  };
}

export function toFeedbackEvent(f: Pick<StoredFeedback, keyof FeedbackEvent>): FeedbackEvent {
  const { id, sessionId, customerId, rating, comment, sentiment, createdAt } = f;
  return { id, sessionId, customerId, rating, comment, sentiment, createdAt: createdAt.toISOString() };
}

export function toTurnEnd(outcome: TurnOutcome): TurnEnd {
  if (outcome.type === "ended") return { type: "ended" };
  const { blockId, options } = outcome;
  return options ? { type: "waiting", blockId, options } : { type: "waiting", blockId };
}
