import type { Feedback, Message, Session, Step } from "./generated/client.ts";
import type { StoredFeedback, StoredMessage, StoredSession, StoredStep } from "./records.ts";

export function toStoredMessage(row: Message): StoredMessage {
  return { ...row, sender: row.sender === "CUSTOMER" ? "customer" : "bot" };
}

export function toStoredSession(row: Session): StoredSession {
  return { ...row, status: row.status === "ACTIVE" ? "active" : "ended" };
}

export function toStoredFeedback(row: Feedback): StoredFeedback {
  return { ...row, sentiment: row.sentiment.toLowerCase() as StoredFeedback["sentiment"] };
}

export function toStoredStep(row: Step): StoredStep {
  return row;
}

export const SENDER_ROW = { customer: "CUSTOMER", bot: "BOT" } as const;
export const SENTIMENT_ROW = { positive: "POSITIVE", neutral: "NEUTRAL", negative: "NEGATIVE" } as const;
