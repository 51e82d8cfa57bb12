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

export function toTurnEnd(outcome: { type: "waiting"; blockId: string } | { type: "ended" }): TurnEnd {
  return outcome.type === "waiting" ? { type: "waiting", blockId: outcome.blockId } : { type: "ended" };
}
