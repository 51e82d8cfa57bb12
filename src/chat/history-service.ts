import { DomainError } from "../domain-error.ts";
import { describeUnstorableText } from "../engine/index.ts";
import type { SentimentName, StoredFeedback, StoredSession, StoredStep } from "../storage/records.ts";
import type { FeedbackSummary } from "../storage/feedback-queries.ts";
import type { Store } from "../storage/store.ts";
import type { ChatMessage } from "./chat-types.ts";
import { toChatMessage } from "./present.ts";

/** @default 50 */
export const DEFAULT_PAGE_SIZE = 50;
/** @default 500 */
export const MAX_PAGE_SIZE = 500;

export interface MessagePage {
  customerId: string;
  messages: ChatMessage[];
  nextCursor: string | null;
}

/** Read side for operators and customers: history, feedback, sessions (REST and GraphQL share it). */
export class HistoryService {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async messages(customerId: string, limit: number | undefined, before: string | undefined): Promise<MessagePage> {
    const size = limit ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
      throw new DomainError("BAD_REQUEST", `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
    }
    const beforeSeq = before === undefined || before === "" ? null : decodeCursor(before);
    const notFound = () => new DomainError("NOT_FOUND", `customer ${customerId} does not exist`);
    if (!canBeStored(customerId)) throw notFound();
    const page = await this.#store.listCustomerMessages(customerId, size, beforeSeq);
    // Messages prove the customer exists; only an empty page needs asking.
    if (page.messages.length === 0 && !(await this.#store.findCustomer(customerId))) throw notFound();
    return {
      customerId,
      messages: page.messages.map(toChatMessage),
      nextCursor: page.olderThan === null ? null : encodeCursor(page.olderThan),
    };
  }

  feedback(filter: {
    customerId?: string | undefined;
    sentiment?: SentimentName | undefined;
    limit?: number | undefined;
  }): Promise<StoredFeedback[]> {
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new DomainError("BAD_REQUEST", `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
    }
    if (filter.customerId !== undefined && !canBeStored(filter.customerId)) return Promise.resolve([]);
    return this.#store.listFeedback({ ...filter, limit });
  }

  feedbackSummary(customerId?: string): Promise<FeedbackSummary> {
    return this.#store.summarizeFeedback(customerId);
  }

  session(id: string): Promise<StoredSession | null> {
    return canBeStored(id) ? this.#store.findSession(id) : Promise.resolve(null);
  }

  steps(sessionId: string): Promise<StoredStep[]> {
    return this.#store.listSessionSteps(sessionId);
  }
}

/**
 * An id with NUL or a lone surrogate names nothing (no row can hold one), and PostgreSQL would
 * fail the query rather than find nothing: such ids are answered without asking it.
 */
function canBeStored(id: string): boolean {
  return describeUnstorableText(id) === undefined;
}

/** The largest message sequence number (a PostgreSQL bigint). */
const MAX_SEQ = 9_223_372_036_854_775_807n;

// Cursors are opaque to clients: they page on the message insertion sequence.
function encodeCursor(seq: bigint): string {
  return Buffer.from(`m:${seq}`).toString("base64url");
}

function decodeCursor(cursor: string): bigint {
  const match = /^m:(\d{1,19})$/.exec(Buffer.from(cursor, "base64url").toString());
  // 19 digits can exceed a 64-bit sequence (9999999999999999999), which PostgreSQL refuses.
  const seq = match?.[1] ? BigInt(match[1]) : undefined;
  if (seq === undefined || seq > MAX_SEQ)
    throw new DomainError("BAD_REQUEST", "before is not a cursor this server handed out");
  return seq;
}
