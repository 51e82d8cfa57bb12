import { z } from "zod";
import type { PrismaClient } from "./generated/client.ts";

/** A timer an instance has claimed: it fires it, or its claim runs out and another does. */
export interface ClaimedTimer {
  sessionId: string;
  dueAt: Date;
}

const claimedRows = z.array(z.object({ id: z.string(), timerDueAt: z.date() }));

/**
 * Claims up to `limit` timers due at `now`, oldest first, for `leaseMs`: one UPDATE whose
 * subquery skips rows another instance is claiming at this moment (`FOR UPDATE SKIP LOCKED`), so
 * each timer goes to one instance; a claim that runs out (the instance crashed) is taken again.
 * A turn that sets or clears the timer drops the claim with it.
 */
export async function claimDueTimers(
  prisma: PrismaClient,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<ClaimedTimer[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const rows = await prisma.$queryRaw`
    UPDATE "Session" SET "timerLeaseUntil" = ${leaseUntil}
    WHERE "id" IN (
      SELECT "id" FROM "Session"
      WHERE "timerDueAt" <= ${now} AND ("timerLeaseUntil" IS NULL OR "timerLeaseUntil" <= ${now})
      ORDER BY "timerDueAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id", "timerDueAt"`;
  return claimedRows.parse(rows).map((row) => ({ sessionId: row.id, dueAt: row.timerDueAt }));
}

const nextRow = z.array(z.object({ next: z.date().nullable() }));

/**
 * When the scheduler must look again: the earliest timer not claimed, or the end of the
 * earliest claim (a crashed instance's timer is due again then). `null`: no timer at all.
 */
export async function nextTimerCheck(prisma: PrismaClient): Promise<Date | null> {
  const rows = await prisma.$queryRaw`
    SELECT LEAST(
      (SELECT min("timerDueAt") FROM "Session" WHERE "timerDueAt" IS NOT NULL AND "timerLeaseUntil" IS NULL),
      (SELECT min("timerLeaseUntil") FROM "Session" WHERE "timerDueAt" IS NOT NULL AND "timerLeaseUntil" IS NOT NULL)
    ) AS "next"`;
  return nextRow.parse(rows)[0]?.next ?? null;
}
