import type { DatabaseTarget } from "../../src/config/database-target.ts";
import { countStoredMessages } from "../databases/bench-database.ts";

export interface IntegrityResult {
  checked: boolean;
  /** Why it was not checked (the in-memory database dies with the server). */
  reason?: string;
  acknowledged: number;
  stored: number;
  /** Acknowledged to a client but not in the database: docs/PROTOCOL.md (Turns) says this never happens. */
  lost: number;
  /** Stored but never acknowledged: turns cut off by a timeout or a close. */
  unacknowledged: number;
  /** Customers whose counts differ. */
  customersDiffering: number;
}

/**
 * Compares, per customer, the messages the clients saw acknowledged (receipts and bot messages)
 * with the rows stored. Run after the server stopped: PGlite is then opened from its directory.
 */
export async function checkIntegrity(
  target: DatabaseTarget | undefined,
  acknowledged: Record<string, number>,
): Promise<IntegrityResult> {
  const acknowledgedTotal = Object.values(acknowledged).reduce((a, b) => a + b, 0);
  if (!target) {
    return {
      checked: false,
      reason: "memory: database is gone with the server; use --pglite-storage file",
      acknowledged: acknowledgedTotal,
      stored: 0,
      lost: 0,
      unacknowledged: 0,
      customersDiffering: 0,
    };
  }
  const stored = await countStoredMessages(target);
  let lost = 0;
  let unacknowledged = 0;
  let customersDiffering = 0;
  for (const customerId of new Set([...Object.keys(acknowledged), ...stored.keys()])) {
    const difference = (acknowledged[customerId] ?? 0) - (stored.get(customerId) ?? 0);
    if (difference > 0) lost += difference;
    if (difference < 0) unacknowledged -= difference;
    if (difference !== 0) customersDiffering++;
  }
  const storedTotal = [...stored.values()].reduce((a, b) => a + b, 0);
  return {
    checked: true,
    acknowledged: acknowledgedTotal,
    stored: storedTotal,
    lost,
    unacknowledged,
    customersDiffering,
  };
}
