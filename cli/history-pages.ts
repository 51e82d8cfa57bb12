import { requestJson } from "./http.ts";
import { graphql } from "./graphql.ts";
import type { ServerUrls } from "./server-url.ts";

/** One stored message as REST answers it (docs/PROTOCOL.md, Routes). */
export interface HistoryMessage {
  id: string;
  sessionId: string;
  sender: "customer" | "bot" | "operator";
  text: string;
  blockId: string | null;
  /** On operator messages: the operator's name. */
  operator?: string | null;
  createdAt: string;
}

export interface HistoryPage {
  messages: HistoryMessage[];
  nextCursor: string | null;
}

/** Reads the page of messages just before `before` (undefined: the newest page). */
export type PageReader = (before: string | undefined) => Promise<HistoryPage>;

/** Messages per request; the server allows up to 500. @default 200 */
export const DEFAULT_PAGE_SIZE = 200;

/**
 * Follows `nextCursor` back to the beginning and returns the whole history oldest first. Pages
 * come newest first, each oldest first within itself, so the pages are stacked in reverse.
 */
export async function readWholeHistory(
  readPage: PageReader,
  onPage: (messagesSoFar: number) => void = () => {},
): Promise<HistoryMessage[]> {
  const pages: HistoryMessage[][] = [];
  let cursor: string | undefined;
  let count = 0;
  do {
    const page = await readPage(cursor);
    pages.push(page.messages);
    count += page.messages.length;
    onPage(count);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return pages.reverse().flat();
}

/** Operators: `GET /message/list`. */
export function restPages(
  server: ServerUrls,
  token: string | undefined,
  customerId: string,
  limit: number,
): PageReader {
  return async (before) => {
    const query = new URLSearchParams({ customerId, limit: String(limit), ...(before ? { before } : {}) });
    return requestJson<HistoryPage>(server, `/message/list?${query}`, { token });
  };
}

const MESSAGES_QUERY = /* GraphQL */ `
  query History($customerId: ID!, $limit: Int, $before: String) {
    messages(customerId: $customerId, limit: $limit, before: $before) {
      items {
        id
        sessionId
        sender
        text
        blockId
        operator
        createdAt
      }
      nextCursor
    }
  }
`;

type GraphqlPage = {
  messages: { items: (Omit<HistoryMessage, "sender"> & { sender: string })[]; nextCursor: string | null };
};

/** A customer reading its own history with its customer token: GraphQL `messages`. */
export function graphqlPages(server: ServerUrls, customerToken: string, customerId: string, limit: number): PageReader {
  return async (before) => {
    const answer = await graphql<GraphqlPage>(server, customerToken, MESSAGES_QUERY, { customerId, limit, before });
    return {
      messages: answer.messages.items.map((m) => ({
        ...m,
        sender: m.sender === "BOT" ? "bot" : m.sender === "OPERATOR" ? "operator" : "customer",
      })),
      nextCursor: answer.messages.nextCursor,
    };
  };
}
