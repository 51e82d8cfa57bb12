import { z } from "zod";
import { DomainError } from "../domain-error.ts";
import type { AnalyticsRequest } from "./analytics-service.ts";

// Digits only: Number() would also take `1e2`, `0x10` and ` 5`.
const version = z
  .union([z.number(), z.string().regex(/^\d{1,10}$/, "version must be a whole number")])
  .transform(Number)
  .refine((n) => Number.isInteger(n) && n >= 1, "version must be a whole number from 1");

const timestamp = (name: string) =>
  z
    .string()
    .regex(
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/,
      `${name} must be an ISO date or timestamp with its zone, such as 2026-11-30 or 2026-11-30T09:00:00Z`,
    )
    .transform((text) => new Date(text))
    .refine((date) => !Number.isNaN(date.getTime()), `${name} is not a real date`);

const request = z.object({
  version: version.nullish(),
  from: timestamp("from").nullish(),
  to: timestamp("to").nullish(),
});

/**
 * The analytics filter from a REST query string or GraphQL arguments: `version` a whole
 * number, `from` and `to` ISO timestamps with a zone (`Z` or `+01:00`: a server's own zone must
 * not change the answer) or dates alone (midnight UTC), each optional.
 */
export function parseAnalyticsRequest(raw: unknown): AnalyticsRequest {
  const parsed = request.safeParse(raw);
  if (!parsed.success) {
    throw new DomainError("BAD_REQUEST", parsed.error.issues.map((issue) => issue.message).join("; "));
  }
  const { version: v, from, to } = parsed.data;
  return { version: v ?? undefined, from: from ?? undefined, to: to ?? undefined };
}
