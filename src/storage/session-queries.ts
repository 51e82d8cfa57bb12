import type { PrismaClient } from "./generated/client.ts";
import { toStoredMessage, toStoredSession, toStoredStep } from "./map-rows.ts";
import type { StoredMessage, StoredSession, StoredStep } from "./records.ts";

export async function findSession(prisma: PrismaClient, id: string): Promise<StoredSession | null> {
  const row = await prisma.session.findUnique({ where: { id } });
  return row ? toStoredSession(row) : null;
}

/** The customer's most recent session that has not ended. */
export async function findActiveSession(prisma: PrismaClient, customerId: string): Promise<StoredSession | null> {
  const row = await prisma.session.findFirst({
    where: { customerId, status: "ACTIVE" },
    orderBy: { updatedAt: "desc" },
  });
  return row ? toStoredSession(row) : null;
}

export async function findMessageByClientId(
  prisma: PrismaClient,
  sessionId: string,
  clientMsgId: string,
): Promise<StoredMessage | null> {
  const row = await prisma.message.findUnique({ where: { sessionId_clientMsgId: { sessionId, clientMsgId } } });
  return row ? toStoredMessage(row) : null;
}

/** The last `limit` messages of a session, oldest first: context for `ai` replies. */
export async function listRecentSessionMessages(
  prisma: PrismaClient,
  sessionId: string,
  limit: number,
): Promise<StoredMessage[]> {
  const rows = await prisma.message.findMany({ where: { sessionId }, orderBy: { seq: "desc" }, take: limit });
  return rows.reverse().map(toStoredMessage);
}

export async function listSessionSteps(prisma: PrismaClient, sessionId: string): Promise<StoredStep[]> {
  const rows = await prisma.step.findMany({ where: { sessionId }, orderBy: { seq: "asc" } });
  return rows.map(toStoredStep);
}
