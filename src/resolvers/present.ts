import type { ChatMessage, FeedbackEvent, HandoffInfo } from "../chat/chat-types.ts";
import type { StoredFeedback } from "../storage/records.ts";

/** GraphQL shapes: enum values upper-case, as the SDL declares them. */
export function gqlMessage(message: ChatMessage) {
  return {
    id: message.id,
    sessionId: message.sessionId,
    sender: message.sender.toUpperCase(),
    text: message.text,
    blockId: message.blockId,
    operator: message.operator,
    createdAt: message.createdAt,
  };
}

export function gqlHandoff(handoff: HandoffInfo) {
  const { sessionId, customerId, queue, status, operator, since } = handoff;
  return { sessionId, customerId, queue, status: status.toUpperCase(), operator, since };
}

export function gqlFeedback(feedback: StoredFeedback | FeedbackEvent) {
  return { ...feedback, sentiment: feedback.sentiment.toUpperCase() };
}
