import type { PrismaClient } from "./generated/client.ts";
import type { StoredCustomer } from "./records.ts";

export async function findCustomer(prisma: PrismaClient, id: string): Promise<StoredCustomer | null> {
  return prisma.customer.findUnique({ where: { id }, select: { id: true, name: true, tokenHash: true } });
}

/** Creates the customer; `false` when the id was taken meanwhile (a concurrent first connect). */
export async function createCustomer(prisma: PrismaClient, customer: StoredCustomer): Promise<boolean> {
  const { count } = await prisma.customer.createMany({ data: [customer], skipDuplicates: true });
  return count === 1;
}

export async function renameCustomer(prisma: PrismaClient, id: string, name: string): Promise<void> {
  await prisma.customer.update({ where: { id }, data: { name } });
}

/** Finds the customer a token belongs to (tokens are stored only as hashes). */
export async function findCustomerByTokenHash(prisma: PrismaClient, tokenHash: string): Promise<StoredCustomer | null> {
  return prisma.customer.findUnique({ where: { tokenHash }, select: { id: true, name: true, tokenHash: true } });
}

/** Replaces the customer's token (a signed-in customer moves to its signed token). */
export async function updateCustomerTokenHash(prisma: PrismaClient, id: string, tokenHash: string): Promise<void> {
  await prisma.customer.update({ where: { id }, data: { tokenHash } });
}
