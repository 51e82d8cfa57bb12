import type { PrismaClient, WebhookDelivery } from "./generated/client.ts";
import type { DeliveryStatusName, StoredDelivery, StoredWebhook } from "./webhook-records.ts";

const STATUS_ROW = { pending: "PENDING", delivered: "DELIVERED", failed: "FAILED" } as const;
const STATUS_NAME = { PENDING: "pending", DELIVERED: "delivered", FAILED: "failed" } as const;

export async function createWebhook(prisma: PrismaClient, webhook: StoredWebhook): Promise<void> {
  await prisma.webhook.create({ data: webhook });
}

export async function listWebhooks(prisma: PrismaClient): Promise<StoredWebhook[]> {
  return prisma.webhook.findMany({ orderBy: { createdAt: "asc" } });
}

export async function findWebhook(prisma: PrismaClient, id: string): Promise<StoredWebhook | null> {
  return prisma.webhook.findUnique({ where: { id } });
}

/** Deletes the webhook and, with it, all its deliveries (pending ones are never sent). `false`: none such. */
export async function deleteWebhook(prisma: PrismaClient, id: string): Promise<boolean> {
  const { count } = await prisma.webhook.deleteMany({ where: { id } });
  return count === 1;
}

/** A webhook's deliveries, newest first. */
export async function listDeliveries(
  prisma: PrismaClient,
  filter: { webhookId: string; status?: DeliveryStatusName | undefined; limit: number },
): Promise<StoredDelivery[]> {
  const rows = await prisma.webhookDelivery.findMany({
    where: { webhookId: filter.webhookId, ...(filter.status ? { status: STATUS_ROW[filter.status] } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filter.limit,
  });
  return rows.map(toStoredDelivery);
}

/**
 * Makes a delivery pending again, due now, with a fresh retry window; its id (the
 * `webhook-id` header) stays. `false`: no such delivery.
 */
export async function redeliver(prisma: PrismaClient, id: string, now: Date): Promise<boolean> {
  const { count } = await prisma.webhookDelivery.updateMany({
    where: { id },
    data: { status: "PENDING", nextAttemptAt: now, retrySince: now, lockedUntil: null, deliveredAt: null },
  });
  return count === 1;
}

function toStoredDelivery(row: WebhookDelivery): StoredDelivery {
  return {
    id: row.id,
    webhookId: row.webhookId,
    event: row.event,
    status: STATUS_NAME[row.status],
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt,
    createdAt: row.createdAt,
    deliveredAt: row.deliveredAt,
  };
}
