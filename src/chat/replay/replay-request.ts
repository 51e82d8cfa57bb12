import { z } from "zod";
import { DomainError } from "../../domain-error.ts";

/** How many sessions a replay takes when the caller does not say. */
export const DEFAULT_REPLAY_SESSIONS = 200;
/** The most a replay takes: 10,000 sessions replay in seconds (bench/README.md) and hold one page in memory at a time. */
export const MAX_REPLAY_SESSIONS = 10_000;

const MESSAGE = `last must be a whole number from 1 to ${MAX_REPLAY_SESSIONS}`;

// Digits only: Number() would also take `1e2`, `0x10` and ` 5`.
const last = z
  .union([z.number(), z.string().regex(/^\d{1,10}$/, MESSAGE)])
  .transform(Number)
  .refine((n) => Number.isInteger(n) && n >= 1 && n <= MAX_REPLAY_SESSIONS, MESSAGE);

/** `last` from a query string or GraphQL argument: absent is the default, anything else must be 1 to the maximum. */
export function parseReplayLast(raw: unknown): number {
  if (raw === undefined || raw === null) return DEFAULT_REPLAY_SESSIONS;
  const parsed = last.safeParse(raw);
  if (!parsed.success) throw new DomainError("BAD_REQUEST", parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}
