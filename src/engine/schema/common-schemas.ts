import { z } from "zod";

/** Block and trigger ids: a letter, then letters, digits, `_` or `-`. */
export const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Variable names usable in `{{…}}` templates; `customer` is reserved for the customer's fields. */
export const VAR_NAME_PATTERN = /^(?!customer$)[A-Za-z_][A-Za-z0-9_]*$/;

export const blockIdSchema = z.string().regex(ID_PATTERN);
export const varNameSchema = z.string().regex(VAR_NAME_PATTERN);

/** Shortest and longest silence a timer may wait for: 5 s and 7 days. */
export const TIMER_MIN_MS = 5_000;
export const TIMER_MAX_MS = 7 * 24 * 3_600_000;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;
const DURATION_PATTERN = /^([1-9][0-9]{0,6})(s|m|h)$/;

/** `"90s"`, `"10m"`, `"2h"` in milliseconds; `undefined` for anything else. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

export const durationSchema = z
  .string()
  .refine((text) => parseDuration(text) !== undefined, {
    message: 'a whole number and a unit: "30s", "10m" or "2h"',
    abort: true,
  })
  .refine(
    (text) => {
      const ms = parseDuration(text) ?? 0;
      return ms >= TIMER_MIN_MS && ms <= TIMER_MAX_MS;
    },
    { message: "from 5s to 7 days (168h)" },
  );

/** Where the flow goes when nothing happened for `after`; the server keeps the timer. */
export const timeoutSchema = z.strictObject({
  after: durationSchema.describe('How long to wait, e.g. "10m" (`s`, `m` or `h`; 5s to 168h).'),
  next: blockIdSchema.describe("The block the flow continues at when the time is up."),
});

/** A literal a flow may store or compare against; strings are templated first. */
export const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);
