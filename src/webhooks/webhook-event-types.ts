/** Every event a webhook can subscribe to (docs/WEBHOOKS.md). */
export const WEBHOOK_EVENT_TYPES = [
  "conversation.started",
  "conversation.ended",
  "feedback.received",
  "handoff.queued",
  "handoff.released",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The body of a webhook request, exactly as signed and sent. */
export interface WebhookPayload {
  type: WebhookEventType;
  /** When the turn that caused it happened (ISO 8601). */
  timestamp: string;
  data: Record<string, unknown>;
}

/** One event of a turn, with the session it belongs to (the outbox writes it only if that turn commits). */
export interface WebhookEvent {
  sessionId: string;
  type: WebhookEventType;
  payload: WebhookPayload;
}
