import type { TurnWrite } from "../storage/turn-writes.ts";
import type { WebhookEvent, WebhookEventType } from "./webhook-event-types.ts";

/**
 * The webhook events a turn causes, in the order they happened: a new session starts the
 * conversation, a handoff is queued or released, feedback arrives, the conversation ends.
 * Pure: the outbox writes them in the turn's own statement.
 */
export function deriveWebhookEvents(write: TurnWrite): WebhookEvent[] {
  const timestamp = write.now.toISOString();
  const base = {
    session: {
      id: write.sessionId,
      flowVersion: write.flowVersion,
      status: write.ended ? "ended" : "active",
      currentBlockId: write.currentBlockId,
    },
    customer: { id: write.customerId },
  };
  const event = (type: WebhookEventType, extra: Record<string, unknown> = {}): WebhookEvent => ({
    sessionId: write.sessionId,
    type,
    payload: { type, timestamp, data: { ...base, ...extra } },
  });
  const events: WebhookEvent[] = [];
  if (write.expectedTurn === null) events.push(event("conversation.started"));
  if (write.handoff === "queue") events.push(event("handoff.queued", { queue: write.handoffQueue }));
  if (write.handoff === "release") events.push(event("handoff.released"));
  for (const feedback of write.feedback) {
    events.push(
      event("feedback.received", {
        feedbackId: feedback.id,
        rating: feedback.rating,
        comment: feedback.comment,
        sentiment: feedback.sentiment,
      }),
    );
  }
  if (write.ended) events.push(event("conversation.ended"));
  return events;
}
