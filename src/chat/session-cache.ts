import { BoundedCache } from "../engine/index.ts";
import type { StoredCustomer, StoredSession } from "../storage/records.ts";

/** A session as the service last committed it, with its customer and recent clientMsgIds. */
export interface CachedSession {
  session: StoredSession;
  customer: StoredCustomer;
  /** clientMsgIds this instance committed for the session, newest last. */
  recentClientIds: string[];
}

/** @default 100 */
const RECENT_CLIENT_IDS = 100;

/**
 * Sessions kept in memory between turns, so a turn needs no read. The database stays the
 * truth: a turn computed from a stale entry (another instance wrote meanwhile) fails its
 * optimistic check, the entry is dropped and the turn runs again from storage.
 */
export class SessionCache {
  readonly #entries: BoundedCache<string, CachedSession>;

  /**
   * @param capacity most sessions kept; the least recently used go first (and are read from the
   * database at their next turn). An entry is ~1-2 KB with a few clientMsgIds, at most ~10 KB
   * with its 100 plus the session's variables: 10,000 is 10-100 MB. @default 10_000
   */
  constructor(capacity = 10_000) {
    this.#entries = new BoundedCache(capacity);
  }

  get(sessionId: string): CachedSession | undefined {
    return this.#entries.get(sessionId);
  }

  set(entry: CachedSession): void {
    this.#entries.set(entry.session.id, entry);
  }

  delete(sessionId: string): void {
    this.#entries.delete(sessionId);
  }
}

export function rememberClientId(ids: string[], clientMsgId: string | null | undefined): string[] {
  if (!clientMsgId) return ids;
  const next = [...ids, clientMsgId];
  return next.length > RECENT_CLIENT_IDS ? next.slice(-RECENT_CLIENT_IDS) : next;
}
