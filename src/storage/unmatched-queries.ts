import { z } from "zod";
import type { PrismaClient } from "./generated/client.ts";

const lineRows = z.array(z.object({ text: z.string() }));

/**
 * The customer lines of a flow version that an intent block sent to `noMatch`, the most recent
 * `limit` of them, tied to the decisions made on them by their turn (messages stored before
 * `Message.turn` existed are not found). Left out: decisions that failed (the classifier
 * broke, the line may be fine) and empty input; a line two intent blocks missed counts once.
 */
export async function selectUnmatchedLines(
  prisma: PrismaClient,
  scope: { version: number; limit: number },
): Promise<string[]> {
  const rows = await prisma.$queryRaw<unknown[]>`
    SELECT m."text"
    FROM "Session" AS s JOIN "Message" AS m ON m."sessionId" = s."id"
    WHERE s."flowVersion" = ${scope.version}::int AND m."sender" = 'CUSTOMER'
      AND EXISTS (
        SELECT 1 FROM "Step" AS st
        WHERE st."sessionId" = m."sessionId" AND st."turn" = m."turn" AND st."kind" = 'intent'
          AND (st."data"->>'matched')::boolean IS FALSE
          AND st."data"->'error' IS NULL AND st."data"->>'reason' IS DISTINCT FROM 'empty_input')
    ORDER BY m."seq" DESC
    LIMIT ${scope.limit}::int`;
  return lineRows.parse(rows).map((row) => row.text);
}
