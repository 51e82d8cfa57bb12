import type { QuickReply } from "../engine/index.ts";
import type { HandoffStatusName, StoredFeedback, StoredMessage } from "../storage/records.ts";

/** A stored message as every transport presents it: dates as ISO text, no storage sequence. */
export type ChatMessage = Omit<StoredMessage, "seq" | "createdAt"> & { createdAt: string };

/** New feedback as subscribers receive it. */
export type FeedbackEvent = Pick<
  StoredFeedback,
  "id" | "sessionId" | "customerId" | "rating" | "comment" | "sentiment"
> & {
  createdAt: string;
};

/** How a turn ended; `options`: the quick replies of the wait block it waits at, when it has any. */
export type TurnEnd = { type: "waiting"; blockId: string; options?: QuickReply[] } | { type: "ended" };

export interface SessionInfo {
  sessionId: string;
  customerId: string;
  flowVersion: number;
  resumed: boolean;
}

/** A session's place in the handoff queue, as operators and customers are told. */
export interface HandoffInfo {
  sessionId: string;
  customerId: string;
  queue: string | null;
  status: HandoffStatusName;
  /** The holder's name (after a release: who released it). */
  operator: string | null;
  /** The holder's operator id (null: nobody, or ADMIN_TOKEN); for access checks, never shown to customers. */
  operatorId: string | null;
  since: string;
}

/** The answer to a connect: the session, and the greeting when it is new. */
export interface ConversationOpened {
  session: SessionInfo;
  /** Only for a customer created by this call: the token to reconnect with. */
  customerToken: string | undefined;
  messages: ChatMessage[];
  end: TurnEnd;
  /** Set while an operator is asked for or holds the conversation. */
  handoff: HandoffInfo | undefined;
}

/** The answer to one customer message. */
export interface TurnReport {
  /** Set when the message opened a new session (the previous one had ended). */
  newSession: SessionInfo | undefined;
  receipt: ChatMessage;
  botMessages: ChatMessage[];
  end: TurnEnd;
  /** Set when this turn put the conversation in the handoff queue. */
  handoff: HandoffInfo | undefined;
  /** The message repeated a clientMsgId: nothing was processed again. */
  duplicate: boolean;
}
