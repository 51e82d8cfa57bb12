import { z } from "zod";
import type { PrismaClient } from "./generated/client.ts";

const lineRows = z.array(z.object({ text: z.string() }));

/**
 * The customer lines of a flow version that an intent block sent to `noMatch`, the most recent
 * `limit` of them, tied to the decisions made on them by their turn (messages stored before
 * `Message.turn` existed are not found). Left out: decisions that failed (the classifier
 * broke, the line may be fine) and empty input; a line two intent blocks missed counts once.
 *
 * "Most recent" is newest session first (by its start), then newest line first within it: the
 * version's sessions are walked down their `(flowVersion, createdAt)` index and the walk stops
 * once `limit` lines are found, so the cost follows the sessions read, not the size of the
 * store (100,000 stored sessions, a quarter not understood: 0.6–1.8 s before, 0.14–0.42 s on
 * PGlite and 0.05–0.13 s on PostgreSQL; bench/README.md).
 */
export async function selectUnmatchedLines(
  prisma: PrismaClient,
  scope: { version: number; limit: number },
): Promise<string[]> {
  const rows = await prisma.$queryRaw<unknown[]>`
    SELECT m."text"
    FROM "Session" AS s CROSS JOIN LATERAL (
      SELECT m."text", m."seq" FROM "Message" AS m
      WHERE m."sessionId" = s."id" AND m."sender" = 'CUSTOMER'
        AND EXISTS (
          SELECT 1 FROM "Step" AS st
          WHERE st."sessionId" = m."sessionId" AND st."turn" = m."turn" AND st."kind" = 'intent'
            AND (st."data"->>'matched')::boolean IS FALSE
            AND st."data"->'error' IS NULL AND st."data"->>'reason' IS DISTINCT FROM 'empty_input')
    ) AS m
    WHERE s."flowVersion" = ${scope.version}::int
    ORDER BY s."createdAt" DESC, m."seq" DESC
    LIMIT ${scope.limit}::int`;
  return lineRows.parse(rows).map((row) => row.text);
}
