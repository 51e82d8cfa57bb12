/** First wait before reconnecting. @default 500 */
export const RECONNECT_FIRST_DELAY_MS = 500;
/** Longest wait between two attempts. @default 10000 */
export const RECONNECT_MAX_DELAY_MS = 10_000;
/** How long the chat tries to get its server back before it gives up. @default 60000 */
export const RECONNECT_GIVE_UP_MS = 60_000;

/**
 * Close codes after which the same conversation can go on on a new connection: the server going
 * away or restarting (1001, 1012), a connection lost without a close frame (1005, 1006), a
 * server error or overload (1011, 1013, 1014). A close on purpose (1000) or for the client's
 * behaviour (1008 rate limits, 1009 too large) is final.
 */
const RETRYABLE_CLOSE_CODES = new Set([1001, 1005, 1006, 1011, 1012, 1013, 1014]);

export function isRetryableClose(code: number): boolean {
  return RETRYABLE_CLOSE_CODES.has(code);
}

/** Upgrade answers worth retrying: overloaded or not ready yet. A 401 or 400 will not change. */
export function isRetryableRefusal(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/**
 * The wait before attempt `attempt` (0-based): doubling from the first delay up to the maximum,
 * with jitter (a random point in the upper half of that bound) so the many clients of one
 * restarted server do not all come back at the same instant. `random` is injectable for tests.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const bound = Math.min(RECONNECT_MAX_DELAY_MS, RECONNECT_FIRST_DELAY_MS * 2 ** attempt);
  return Math.round(bound / 2 + (random() * bound) / 2);
}
