import type { PrismaClient } from "./generated/client.ts";
import type { StoredOperator } from "./records.ts";

export async function createOperator(prisma: PrismaClient, operator: StoredOperator): Promise<void> {
  await prisma.operator.create({ data: operator });
}

export async function listOperators(prisma: PrismaClient): Promise<StoredOperator[]> {
  return prisma.operator.findMany({ orderBy: { createdAt: "asc" } });
}

/** Deletes the operator: its token stops working with the next request. `false`: no such operator. */
export async function deleteOperator(prisma: PrismaClient, id: string): Promise<boolean> {
  const { count } = await prisma.operator.deleteMany({ where: { id } });
  return count === 1;
}

/** The operator a token belongs to (tokens are stored only as hashes). Read on every request: no cache. */
export async function findOperatorByTokenHash(prisma: PrismaClient, tokenHash: string): Promise<StoredOperator | null> {
  return prisma.operator.findUnique({ where: { tokenHash } });
}
