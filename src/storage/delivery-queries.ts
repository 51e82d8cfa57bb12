import { z } from "zod";
import type { PrismaClient } from "./generated/client.ts";
import type { ClaimedDelivery, DeliveryOutcome } from "./webhook-records.ts";

const claimedRow = z.object({
  id: z.string(),
  event: z.string(),
  payload: z.object({ type: z.string(), timestamp: z.string(), data: z.record(z.string(), z.unknown()) }),
  attempts: z.number().int(),
  retrySince: z.coerce.date(),
  lockedUntil: z.coerce.date(),
  url: z.string(),
  secret: z.string(),
});

// `timestamp(3)` reads an ISO string as UTC, as Prisma stores DateTime.
const at = (date: Date) => date.toISOString();

/**
 * Claims up to `limit` due deliveries for this instance until `lockedUntil`: one UPDATE whose
 * subquery locks the rows it picks and skips rows another claimer holds (`FOR UPDATE SKIP
 * LOCKED`), so instances sharing a database never claim the same delivery at once. A claim
 * whose holder died expires at `lockedUntil`, and the delivery is claimed again.
 */
export async function claimDeliveries(
  prisma: PrismaClient,
  claim: { now: Date; lockedUntil: Date; limit: number },
): Promise<ClaimedDelivery[]> {
  const now = at(claim.now);
  const rows = await prisma.$queryRaw<unknown[]>`
    UPDATE "WebhookDelivery" AS d SET "lockedUntil" = ${at(claim.lockedUntil)}::timestamp(3)
    FROM "Webhook" AS w
    WHERE w."id" = d."webhookId" AND d."id" IN (
      SELECT "id" FROM "WebhookDelivery"
      WHERE "status" = 'PENDING' AND "nextAttemptAt" <= ${now}::timestamp(3)
        AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${now}::timestamp(3))
      ORDER BY "nextAttemptAt", "createdAt"
      LIMIT ${claim.limit}::int
      FOR UPDATE SKIP LOCKED)
    RETURNING d."id", d."event", d."payload", d."attempts", d."retrySince", d."lockedUntil", w."url", w."secret"`;
  return rows.map((value) => {
    const row = claimedRow.parse(value);
    const { type, timestamp, data } = row.payload;
    // Built in a fixed key order, so every attempt sends (and signs) the same bytes.
    return { ...row, body: JSON.stringify({ type, timestamp, data }) };
  });
}

/**
 * Records an attempt's outcome, if this claim still holds the delivery (a redelivery by hand
 * meanwhile releases it: that one is sent again). `false`: it no longer did.
 */
export async function settleDelivery(
  prisma: PrismaClient,
  claimed: { id: string; lockedUntil: Date },
  outcome: DeliveryOutcome,
): Promise<boolean> {
  const common = { attempts: { increment: 1 }, lockedUntil: null, lastStatusCode: outcome.statusCode };
  const data =
    outcome.status === "delivered"
      ? { ...common, status: "DELIVERED" as const, lastError: null, deliveredAt: outcome.at }
      : outcome.status === "pending"
        ? { ...common, lastError: outcome.error, nextAttemptAt: outcome.nextAttemptAt }
        : { ...common, status: "FAILED" as const, lastError: outcome.error };
  const { count } = await prisma.webhookDelivery.updateMany({
    where: { id: claimed.id, status: "PENDING", lockedUntil: claimed.lockedUntil },
    data,
  });
  return count === 1;
}

/** Gives a claimed delivery back untried (its instance is stopping): due again at once, anywhere. */
export async function releaseDelivery(prisma: PrismaClient, claimed: { id: string; lockedUntil: Date }): Promise<void> {
  await prisma.webhookDelivery.updateMany({
    where: { id: claimed.id, status: "PENDING", lockedUntil: claimed.lockedUntil },
    data: { lockedUntil: null },
  });
}

/** When the next pending delivery may be claimed (a held one: when its claim expires); `null`: none pending. */
export async function nextDeliveryDue(prisma: PrismaClient): Promise<Date | null> {
  const rows = await prisma.$queryRaw<unknown[]>`
    SELECT min(GREATEST("nextAttemptAt", COALESCE("lockedUntil", "nextAttemptAt"))) AS "due"
    FROM "WebhookDelivery" WHERE "status" = 'PENDING'`;
  return z.object({ due: z.coerce.date().nullable() }).parse(rows[0]).due;
}

export async function countPendingDeliveries(prisma: PrismaClient): Promise<number> {
  return prisma.webhookDelivery.count({ where: { status: "PENDING" } });
}
