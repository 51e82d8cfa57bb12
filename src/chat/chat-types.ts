import type { SenderName, SentimentName } from "../storage/records.ts";

/** A stored message as every transport presents it. */
export interface ChatMessage {
  id: string;
  sessionId: string;
  customerId: string;
  sender: SenderName;
  text: string;
  blockId: string | null;
  clientMsgId: string | null;
  createdAt: string;
}

export interface FeedbackEvent {
  id: string;
  sessionId: string;
  customerId: string;
  rating: number;
  comment: string | null;
  sentiment: SentimentName;
  createdAt: string;
}

export type TurnEnd = { type: "waiting"; blockId: string } | { type: "ended" };

export interface SessionInfo {
  sessionId: string;
  customerId: string;
  flowVersion: number;
  resumed: boolean;
}

/** The answer to a connect: the session, and the greeting when it is new. */
export interface ConversationOpened {
  session: SessionInfo;
  /** Only for a customer created by this call: the token to reconnect with. */
  customerToken: string | undefined;
  messages: ChatMessage[];
  end: TurnEnd;
}

/** The answer to one customer message. */
export interface TurnReport {
  /** Set when the message opened a new session (the previous one had ended). */
  newSession: SessionInfo | undefined;
  receipt: ChatMessage;
  botMessages: ChatMessage[];
  end: TurnEnd;
  /** The message repeated a clientMsgId: nothing was processed again. */
  duplicate: boolean;
}
