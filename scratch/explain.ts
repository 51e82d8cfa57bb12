import { withMigratedDatabase } from "../bench/databases/bench-database.ts";
import { seed } from "./aq.ts";
import { Prisma } from "../src/storage/generated/client.ts";

const kind = (process.argv[2] ?? "pglite-memory") as "pglite-memory" | "postgres";
const sessions = Number(process.argv[3] ?? 100000);
await withMigratedDatabase(kind, async (db) => {
  await seed(db.prisma, sessions);
  const queries: Record<string, Prisma.Sql> = {
    old: Prisma.sql`
    SELECT m."text"
    FROM "Session" AS s JOIN "Message" AS m ON m."sessionId" = s."id"
    WHERE s."flowVersion" = ${1}::int AND m."sender" = 'CUSTOMER'
      AND EXISTS (
        SELECT 1 FROM "Step" AS st
        WHERE st."sessionId" = m."sessionId" AND st."turn" = m."turn" AND st."kind" = 'intent'
          AND (st."data"->>'matched')::boolean IS FALSE
          AND st."data"->'error' IS NULL AND st."data"->>'reason' IS DISTINCT FROM 'empty_input')
    ORDER BY m."seq" DESC
    LIMIT ${1000}::int`,
    new: Prisma.sql`
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
    WHERE s."flowVersion" = ${1}::int
    ORDER BY s."createdAt" DESC, m."seq" DESC
    LIMIT ${1000}::int`,
  };
  for (const [name, q] of Object.entries(queries)) {
    const plan = await db.prisma.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN ANALYZE ${q}`);
    console.log(`== ${name}\n` + plan.map((r) => r["QUERY PLAN"]).join("\n"));
    const times = [];
    let rows: unknown[] = [];
    for (let i = 0; i < 6; i++) {
      const t = performance.now();
      rows = await db.prisma.$queryRaw<unknown[]>(q);
      times.push(Math.round(performance.now() - t));
    }
    console.log(name, rows.length, "rows, ms:", times.join(" "));
  }
});
