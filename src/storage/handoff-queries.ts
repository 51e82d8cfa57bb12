import type { PrismaClient } from "./generated/client.ts";
import { HANDOFF_ROW, toStoredMessage, toStoredSession } from "./map-rows.ts";
import type { HandoffStatusName, StoredMessage, StoredSession } from "./records.ts";

/** The holder of a conversation: an operator, or ADMIN_TOKEN (`operatorId` null). */
export interface HandoffHolder {
  operatorId: string | null;
  name: string;
}

/**
 * Claims a queued conversation. One conditional UPDATE, so of several operators claiming at
 * once (on any instance) exactly one wins; `false` for the others. The turn counter is left
 * alone: a claim changes nothing the flow depends on, so customer turns need not retry. The
 * handoff block's timeout (nobody claimed it in time) is cancelled with it.
 */
export async function claimHandoff(
  prisma: PrismaClient,
  sessionId: string,
  holder: HandoffHolder,
  now: Date,
): Promise<boolean> {
  const { count } = await prisma.session.updateMany({
    where: { id: sessionId, handoffStatus: "QUEUED" },
    data: {
      handoffStatus: "ASSIGNED",
      handoffOperatorId: holder.operatorId,
      handoffOperator: holder.name,
      handoffSince: now,
      timerDueAt: null,
      timerLeaseUntil: null,
    },
  });
  return count === 1;
}

/** Sessions with these handoff statuses, oldest change first; `operatorId` narrows to one holder. */
export async function listHandoffs(
  prisma: PrismaClient,
  filter: { statuses: HandoffStatusName[]; operatorId?: string | undefined; limit: number },
): Promise<StoredSession[]> {
  const rows = await prisma.session.findMany({
    where: {
      handoffStatus: { in: filter.statuses.map((status) => HANDOFF_ROW[status]) },
      ...(filter.operatorId !== undefined ? { handoffOperatorId: filter.operatorId } : {}),
    },
    orderBy: { handoffSince: "asc" },
    take: filter.limit,
  });
  return rows.map(toStoredSession);
}

export interface NewOperatorMessage {
  id: string;
  sessionId: string;
  customerId: string;
  text: string;
  clientMsgId: string | null;
  operator: string;
  createdAt: Date;
}

/**
 * Stores an operator's message if `holder` still holds the conversation. The UPDATE locks the
 * session row until the insert commits, so a release cannot slip in between the check and the
 * message. `not-held`: nothing stored; `duplicate`: the clientMsgId was taken meanwhile.
 */
export async function insertOperatorMessage(
  prisma: PrismaClient,
  message: NewOperatorMessage,
  holder: HandoffHolder,
): Promise<StoredMessage | "not-held" | "duplicate"> {
  try {
    return await prisma.$transaction(async (tx) => {
      const { count } = await tx.session.updateMany({
        where: { id: message.sessionId, handoffStatus: "ASSIGNED", handoffOperatorId: holder.operatorId },
        data: { updatedAt: message.createdAt },
      });
      if (count !== 1) return "not-held" as const;
      const row = await tx.message.create({ data: { ...message, sender: "OPERATOR" } });
      return toStoredMessage(row);
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return "duplicate";
    throw error;
  }
}

/** Puts the conversations an operator held back in the queue (the operator was removed). */
export async function requeueOperatorSessions(
  prisma: PrismaClient,
  operatorId: string,
  now: Date,
): Promise<StoredSession[]> {
  const held = await prisma.session.findMany({
    where: { handoffStatus: "ASSIGNED", handoffOperatorId: operatorId },
    select: { id: true },
  });
  if (held.length === 0) return [];
  const ids = held.map((row) => row.id);
  await prisma.session.updateMany({
    where: { id: { in: ids }, handoffStatus: "ASSIGNED", handoffOperatorId: operatorId },
    data: { handoffStatus: "QUEUED", handoffOperatorId: null, handoffOperator: null, handoffSince: now },
  });
  const rows = await prisma.session.findMany({ where: { id: { in: ids }, handoffStatus: "QUEUED" } });
  return rows.map(toStoredSession);
}

/**
 * Sets the timer of a conversation back in the queue (see `requeueOperatorSessions`), unless
 * it left the queue meanwhile: a claim clears the timer, a release or a turn sets its own.
 */
export async function rearmQueuedTimer(prisma: PrismaClient, sessionId: string, dueAt: Date): Promise<boolean> {
  const { count } = await prisma.session.updateMany({
    where: { id: sessionId, handoffStatus: "QUEUED", timerDueAt: null },
    data: { timerDueAt: dueAt, timerLeaseUntil: null },
  });
  return count === 1;
}
