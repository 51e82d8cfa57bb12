import type { ChatMessage, FeedbackEvent } from "../chat/chat-types.ts";
import type { StoredFeedback } from "../storage/records.ts";

/** GraphQL shapes: enum values upper-case, as the SDL declares them. */
export function gqlMessage(message: ChatMessage) {
  return {
    id: message.id,
    sessionId: message.sessionId,
    sender: message.sender.toUpperCase(),
    text: message.text,
    blockId: message.blockId,
    createdAt: message.createdAt,
  };
}

export function gqlFeedback(feedback: StoredFeedback | FeedbackEvent) {
  return { ...feedback, sentiment: feedback.sentiment.toUpperCase() };
}
