import type { PrismaClient } from "./generated/client.ts";
import { toStoredMessage } from "./map-rows.ts";
import type { StoredMessage } from "./records.ts";

export interface HistoryPage {
  messages: StoredMessage[];
  /** The `seq` to page further back from, or `null` at the beginning. */
  olderThan: bigint | null;
}

/**
 * The newest `limit` messages of a customer strictly before `beforeSeq`, oldest first.
 * Paging on the insertion sequence means messages that arrive between pages never shift a
 * page: they are newer than every cursor already handed out.
 */
export async function listCustomerMessages(
  prisma: PrismaClient,
  customerId: string,
  limit: number,
  beforeSeq: bigint | null,
): Promise<HistoryPage> {
  const rows = await prisma.message.findMany({
    where: { customerId, ...(beforeSeq !== null ? { seq: { lt: beforeSeq } } : {}) },
    orderBy: { seq: "desc" },
    take: limit + 1,
  });
  const hasOlder = rows.length > limit;
  const page = rows.slice(0, limit).reverse().map(toStoredMessage);
  return { messages: page, olderThan: hasOlder && page[0] ? page[0].seq : null };
}
