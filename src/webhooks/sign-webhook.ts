import { Webhook } from "standardwebhooks";

/** The Standard Webhooks headers of one attempt: `webhook-id`, `webhook-timestamp`, `webhook-signature`. */
export function signWebhook(
  secret: string,
  request: { id: string; body: string; at: Date },
): Record<"webhook-id" | "webhook-timestamp" | "webhook-signature", string> {
  const timestamp = Math.floor(request.at.getTime() / 1000);
  return {
    "webhook-id": request.id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": new Webhook(secret).sign(request.id, new Date(timestamp * 1000), request.body),
  };
}
