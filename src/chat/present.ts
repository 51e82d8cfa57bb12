import type { SenderName, SentimentName } from "../storage/records.ts";
import type { ChatMessage, FeedbackEvent, TurnEnd } from "./chat-types.ts";

export function toChatMessage(m: {
  id: string;
  sessionId: string;
  customerId: string;
  sender: SenderName;
  text: string;
  blockId: string | null;
  clientMsgId: string | null;
  createdAt: Date;
}): ChatMessage {
  return {
    id: m.id,
    sessionId: m.sessionId,
    customerId: m.customerId,
    sender: m.sender,
    text: m.text,
    blockId: m.blockId,
    clientMsgId: m.clientMsgId,
    createdAt: m.createdAt.toISOString(),
  };
}

export function toFeedbackEvent(f: {
  id: string;
  sessionId: string;
  customerId: string;
  rating: number;
  comment: string | null;
  sentiment: SentimentName;
  createdAt: Date;
}): FeedbackEvent {
  return { ...f, createdAt: f.createdAt.toISOString() };
}

export function toTurnEnd(outcome: { type: "waiting"; blockId: string } | { type: "ended" }): TurnEnd {
  return outcome.type === "waiting" ? { type: "waiting", blockId: outcome.blockId } : { type: "ended" };
}
