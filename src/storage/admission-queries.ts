import type { PrismaClient } from "./generated/client.ts";
import { toStoredSession } from "./map-rows.ts";
import type { StoredCustomer, StoredSession } from "./records.ts";

/** A stored customer with its most recent session that has not ended (`null`: none). */
export interface ReturningCustomer {
  customer: StoredCustomer;
  active: StoredSession | null;
}

/**
 * Customers (in `ids`' order, `undefined` for an unknown id) with their active sessions: what
 * connects need, two queries for any number of them.
 */
export async function findReturningCustomers(
  prisma: PrismaClient,
  ids: string[],
): Promise<(ReturningCustomer | undefined)[]> {
  const wanted = [...new Set(ids)];
  const [customers, sessions] = await Promise.all([
    prisma.customer.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, tokenHash: true } }),
    prisma.session.findMany({
      where: { customerId: { in: wanted }, status: "ACTIVE" },
      orderBy: [{ customerId: "asc" }, { updatedAt: "desc" }],
    }),
  ]);
  const active = new Map<string, StoredSession>();
  for (const row of sessions) if (!active.has(row.customerId)) active.set(row.customerId, toStoredSession(row));
  const found = new Map(customers.map((customer) => [customer.id, customer]));
  return ids.map((id) => {
    const customer = found.get(id);
    return customer && { customer, active: active.get(id) ?? null };
  });
}

/**
 * Creates the customers in one statement; for each, whether it was created (`false`: the id
 * was taken, by an earlier customer or by one before it in the same call).
 */
export async function createCustomers(prisma: PrismaClient, customers: StoredCustomer[]): Promise<boolean[]> {
  const created = await prisma.customer.createManyAndReturn({
    data: customers,
    skipDuplicates: true,
    select: { id: true },
  });
  const fresh = new Set(created.map((row) => row.id));
  return customers.map((customer) => fresh.delete(customer.id));
}
