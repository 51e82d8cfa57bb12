import { z } from "zod";
import { DomainError } from "../domain-error.ts";
import { WEBHOOK_EVENT_TYPES } from "./webhook-event-types.ts";

const eventList = WEBHOOK_EVENT_TYPES.join(", ");

const newWebhook = z.strictObject({
  url: z
    .string({ error: "url must be a string" })
    .trim()
    .max(2000, "url: at most 2000 characters")
    .refine(
      (url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol),
      "url must be an http:// or https:// URL",
    ),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES, { error: `events: each must be one of ${eventList}` }), {
      error: "events must be a list of event types",
    })
    .min(1, `events is empty: name at least one of ${eventList}`)
    .transform((events) => [...new Set(events)]),
  description: z
    .string({ error: "description must be a string" })
    .max(500, "description: at most 500 characters")
    .optional(),
});

export type NewWebhook = z.infer<typeof newWebhook>;

/** A webhook to register, from any transport: `BAD_REQUEST` naming what is wrong. */
export function parseNewWebhook(value: unknown): NewWebhook {
  const parsed = newWebhook.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new DomainError(
    "BAD_REQUEST",
    parsed.error.issues
      .map((issue) => (issue.code === "unrecognized_keys" ? `unknown field: ${issue.keys.join(", ")}` : issue.message))
      .join("; "),
  );
}

const STATUSES = ["pending", "delivered", "failed"] as const;

/** A `status` filter of deliveries: `undefined` for all. */
export function parseDeliveryStatus(value: unknown): (typeof STATUSES)[number] | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const parsed = z.enum(STATUSES).safeParse(typeof value === "string" ? value.toLowerCase() : value);
  if (parsed.success) return parsed.data;
  throw new DomainError("BAD_REQUEST", `status must be one of ${STATUSES.join(", ")}`);
}
