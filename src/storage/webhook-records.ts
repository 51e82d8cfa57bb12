// Plain records of the webhook tables (see records.ts for the others).

export type DeliveryStatusName = "pending" | "delivered" | "failed";

export interface StoredWebhook {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  secret: string;
  createdAt: Date;
}

export interface StoredDelivery {
  id: string;
  webhookId: string;
  event: string;
  status: DeliveryStatusName;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** A delivery an instance holds until `lockedUntil`, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  event: string;
  /** The request body, exactly as sent every time. */
  body: string;
  attempts: number;
  retrySince: Date;
  lockedUntil: Date;
  url: string;
  secret: string;
}

/** What one attempt came to: sent (2xx), or failed and retried at `nextAttemptAt`, or given up. */
export type DeliveryOutcome =
  | { status: "delivered"; statusCode: number; at: Date }
  | { status: "pending"; statusCode: number | null; error: string; nextAttemptAt: Date }
  | { status: "failed"; statusCode: number | null; error: string };
