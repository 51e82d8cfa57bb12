import type { Feedback, Message, Session, Step } from "./generated/client.ts";
import type { StoredFeedback, StoredHandoff, StoredMessage, StoredSession, StoredStep } from "./records.ts";

export function toStoredMessage(row: Message): StoredMessage {
  return { ...row, sender: SENDER_NAME[row.sender] };
}

export function toStoredSession(row: Session): StoredSession {
  // The timer's lease is the scheduler's business, not the session's.
  const { handoffStatus, handoffQueue, handoffOperatorId, handoffOperator, handoffSince, timerLeaseUntil, ...rest } =
    row;
  void timerLeaseUntil;
  const handoff: StoredHandoff | null =
    handoffStatus === null
      ? null
      : {
          status: HANDOFF_NAME[handoffStatus],
          queue: handoffQueue,
          operatorId: handoffOperatorId,
          operator: handoffOperator,
          since: handoffSince ?? row.updatedAt,
        };
  return { ...rest, status: row.status === "ACTIVE" ? "active" : "ended", handoff };
}

export function toStoredFeedback(row: Feedback): StoredFeedback {
  return { ...row, sentiment: row.sentiment.toLowerCase() as StoredFeedback["sentiment"] };
}

export function toStoredStep(row: Step): StoredStep {
  return row;
}

export const SENDER_ROW = { customer: "CUSTOMER", bot: "BOT", operator: "OPERATOR" } as const;
export const SENDER_NAME = { CUSTOMER: "customer", BOT: "bot", OPERATOR: "operator" } as const;
export const SENTIMENT_ROW = { positive: "POSITIVE", neutral: "NEUTRAL", negative: "NEGATIVE" } as const;
export const HANDOFF_ROW = { queued: "QUEUED", assigned: "ASSIGNED", released: "RELEASED" } as const;
const HANDOFF_NAME = { QUEUED: "queued", ASSIGNED: "assigned", RELEASED: "released" } as const;
