import type { ChatMessage, FeedbackEvent } from "../chat/chat-types.ts";

/**
 * What an instance announces, for subscribers on any instance: the chat service after a commit,
 * the flow catalog after an activation (other instances then stop trusting the active version
 * they know).
 */
export type ChatEvent =
  | { kind: "message"; message: ChatMessage }
  | { kind: "feedback"; feedback: FeedbackEvent }
  | { kind: "flow-activated"; version: number };

export type Topic = { kind: "session"; sessionId: string } | { kind: "feedback" } | { kind: "flows" };

export interface EventBus {
  publish(topic: Topic, event: ChatEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(topic: Topic, listener: (event: ChatEvent) => void): () => void;
  close(): Promise<void>;
}

export function topicKey(topic: Topic): string {
  return topic.kind === "session" ? `session:${topic.sessionId}` : topic.kind;
}
