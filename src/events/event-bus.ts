import type { ChatMessage, FeedbackEvent } from "../chat/chat-types.ts";

/** What the chat service announces after a commit, for subscribers on any instance. */
export type ChatEvent = { kind: "message"; message: ChatMessage } | { kind: "feedback"; feedback: FeedbackEvent };

export type Topic = { kind: "session"; sessionId: string } | { kind: "feedback" };

export interface EventBus {
  publish(topic: Topic, event: ChatEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(topic: Topic, listener: (event: ChatEvent) => void): () => void;
  close(): Promise<void>;
}

export function topicKey(topic: Topic): string {
  return topic.kind === "session" ? `session:${topic.sessionId}` : "feedback";
}
