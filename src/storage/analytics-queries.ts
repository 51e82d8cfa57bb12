import { z } from "zod";
import type { PrismaClient } from "./generated/client.ts";

/** Which sessions a report counts: one flow version, created in `[from, to)` when given. */
export interface AnalyticsScope {
  version: number;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** Raw counts over the sessions in scope; the service turns them into the report. */
export interface AnalyticsCounts {
  conversations: number;
  ended: number;
  handoffs: number;
  intentSteps: number;
  unmatchedIntentSteps: number;
  feedback: { count: number; averageRating: number | null; positive: number; neutral: number; negative: number };
  /** Only the blocks some session entered, in no order. */
  blocks: { blockId: string; entered: number; leftTheConversation: number }[];
}

const count = z.number().int().nonnegative();
const sessionRow = z.array(z.object({ conversations: count, ended: count, handoffs: count }));
const intentRow = z.array(z.object({ intentSteps: count, unmatched: count }));
const feedbackRow = z.array(
  z.object({ count, averageRating: z.number().nullable(), positive: count, neutral: count, negative: count }),
);
const blockRows = z.array(z.object({ blockId: z.string(), entered: count, leftTheConversation: count }));

// `timestamp(3)` reads an ISO string as UTC, as Prisma stores DateTime; null leaves that bound open.
const at = (date: Date | undefined) => date?.toISOString() ?? null;

/**
 * Counts the sessions of a flow version with four aggregate queries: nothing is loaded row by
 * row. A time window finds its sessions through `Session_flowVersion_createdAt_idx`; the steps
 * are joined on their session (bench/README.md has the time on 100,000 sessions).
 * A block's `leftTheConversation` counts only sessions that also entered it, so it never
 * exceeds `entered`.
 */
export async function countAnalytics(prisma: PrismaClient, scope: AnalyticsScope): Promise<AnalyticsCounts> {
  const { version } = scope;
  const from = at(scope.from);
  const to = at(scope.to);
  const [sessions, intents, feedback, blocks] = await Promise.all([
    prisma.$queryRaw<unknown[]>`
      SELECT count(*)::int AS "conversations",
        (count(*) FILTER (WHERE s."status" = 'ENDED'))::int AS "ended",
        (count(*) FILTER (WHERE s."handoffStatus" IS NOT NULL))::int AS "handoffs"
      FROM "Session" AS s
      WHERE s."flowVersion" = ${version}::int
        AND (${from}::timestamp(3) IS NULL OR s."createdAt" >= ${from}::timestamp(3))
        AND (${to}::timestamp(3) IS NULL OR s."createdAt" < ${to}::timestamp(3))`,
    prisma.$queryRaw<unknown[]>`
      SELECT count(*)::int AS "intentSteps",
        (count(*) FILTER (WHERE (st."data"->>'matched')::boolean IS FALSE))::int AS "unmatched"
      FROM "Session" AS s JOIN "Step" AS st ON st."sessionId" = s."id"
      WHERE st."kind" = 'intent' AND s."flowVersion" = ${version}::int
        AND (${from}::timestamp(3) IS NULL OR s."createdAt" >= ${from}::timestamp(3))
        AND (${to}::timestamp(3) IS NULL OR s."createdAt" < ${to}::timestamp(3))`,
    prisma.$queryRaw<unknown[]>`
      SELECT count(*)::int AS "count", avg(f."rating")::float8 AS "averageRating",
        (count(*) FILTER (WHERE f."sentiment" = 'POSITIVE'))::int AS "positive",
        (count(*) FILTER (WHERE f."sentiment" = 'NEUTRAL'))::int AS "neutral",
        (count(*) FILTER (WHERE f."sentiment" = 'NEGATIVE'))::int AS "negative"
      FROM "Session" AS s JOIN "Feedback" AS f ON f."sessionId" = s."id"
      WHERE s."flowVersion" = ${version}::int
        AND (${from}::timestamp(3) IS NULL OR s."createdAt" >= ${from}::timestamp(3))
        AND (${to}::timestamp(3) IS NULL OR s."createdAt" < ${to}::timestamp(3))`,
    // Sessions per block first, then blocks: a hash aggregate where count(DISTINCT) would sort every step.
    prisma.$queryRaw<unknown[]>`
      SELECT v."blockId", count(*)::int AS "entered",
        (count(*) FILTER (WHERE v."stoppedHere"))::int AS "leftTheConversation"
      FROM (
        SELECT st."blockId", st."sessionId",
          bool_or(s."status" <> 'ENDED' AND s."currentBlockId" = st."blockId") AS "stoppedHere"
        FROM "Session" AS s JOIN "Step" AS st ON st."sessionId" = s."id"
        WHERE st."kind" = 'entered' AND s."flowVersion" = ${version}::int
          AND (${from}::timestamp(3) IS NULL OR s."createdAt" >= ${from}::timestamp(3))
          AND (${to}::timestamp(3) IS NULL OR s."createdAt" < ${to}::timestamp(3))
        GROUP BY st."blockId", st."sessionId"
      ) AS v
      GROUP BY v."blockId"`,
  ]);
  const totals = sessionRow.parse(sessions)[0] ?? { conversations: 0, ended: 0, handoffs: 0 };
  const intent = intentRow.parse(intents)[0] ?? { intentSteps: 0, unmatched: 0 };
  const ratings = feedbackRow.parse(feedback)[0] ?? {
    count: 0,
    averageRating: null,
    positive: 0,
    neutral: 0,
    negative: 0,
  };
  return {
    ...totals,
    intentSteps: intent.intentSteps,
    unmatchedIntentSteps: intent.unmatched,
    feedback: ratings,
    blocks: blockRows.parse(blocks),
  };
}
