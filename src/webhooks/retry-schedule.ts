/** The back-off of failed deliveries (docs/WEBHOOKS.md). */
export interface RetrySchedule {
  /** The wait after the first failed attempt; each next one doubles. @default 5000 (5 s) */
  baseMs: number;
  /** The longest wait between two attempts. @default 3600000 (1 h) */
  maxDelayMs: number;
  /** How long after its creation (or redelivery by hand) a delivery is retried. @default 86400000 (24 h) */
  giveUpAfterMs: number;
}

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  baseMs: 5_000,
  maxDelayMs: 60 * 60 * 1000,
  giveUpAfterMs: 24 * 60 * 60 * 1000,
};

/**
 * When to try a delivery again after its `attempts`-th failed attempt (1 for the first) at
 * `now`: base, 2 × base, 4 × base, … capped at `maxDelayMs`; `"give-up"` once the retry window
 * that started at `retrySince` has passed. Retries go on for at least the whole window.
 */
export function planRetry(
  schedule: RetrySchedule,
  failure: { attempts: number; retrySince: Date; now: Date },
): Date | "give-up" {
  const { attempts, retrySince, now } = failure;
  if (now.getTime() - retrySince.getTime() >= schedule.giveUpAfterMs) return "give-up";
  const doublings = Math.min(Math.max(attempts - 1, 0), 40);
  const delay = Math.min(schedule.baseMs * 2 ** doublings, schedule.maxDelayMs);
  return new Date(now.getTime() + delay);
}
