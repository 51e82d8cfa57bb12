import type { ChatMessage, FeedbackEvent, HandoffInfo, TurnEnd } from "../chat/chat-types.ts";

/**
 * What an instance announces, for subscribers on any instance: the chat service after a commit,
 * the flow catalog after an activation (other instances then stop trusting the active version
 * they know).
 */
export type ChatEvent =
  | { kind: "message"; message: ChatMessage }
  | { kind: "feedback"; feedback: FeedbackEvent }
  | { kind: "flow-activated"; version: number }
  /**
   * A handoff status change, on the session's topic and on `handoff`. `cause: "turn"`: the
   * customer's own turn queued it (its answer already says so); `operator`: someone else did;
   * `timer`: the handoff block's timeout went off with nobody claiming the conversation.
   */
  | { kind: "handoff"; handoff: HandoffInfo; cause: "turn" | "operator" | "timer" }
  /** An operator was removed: its live subscriptions end. */
  | { kind: "operator-removed"; operatorId: string }
  /** A turn no customer message started (a release): pushed to the customer's connections. */
  | {
      kind: "pushed-turn";
      sessionId: string;
      messages: ChatMessage[];
      end: TurnEnd;
      /** Set when the turn reached another handoff block. */
      handoff: HandoffInfo | undefined;
    };

export type Topic =
  { kind: "session"; sessionId: string } | { kind: "feedback" } | { kind: "flows" } | { kind: "handoff" };

export interface EventBus {
  publish(topic: Topic, event: ChatEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(topic: Topic, listener: (event: ChatEvent) => void): () => void;
  close(): Promise<void>;
}

export function topicKey(topic: Topic): string {
  return topic.kind === "session" ? `session:${topic.sessionId}` : topic.kind;
}
