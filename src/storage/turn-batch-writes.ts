import type { PrismaClient } from "./generated/client.ts";
import { SENDER_ROW, SENTIMENT_ROW } from "./map-rows.ts";
import type { TurnWrite } from "./turn-writes.ts";

/**
 * Writes the turns of many sessions in ONE statement: every column travels as one array
 * parameter (`unnest`), so the cost hardly depends on the row count, and data-modifying CTEs
 * make it atomic without a transaction round trip. Each turn keeps its own optimistic check: a
 * session whose turn counter moved (another instance wrote first) is left out with its rows,
 * and the others commit. Returns the ids of the sessions whose turn was written.
 */
export async function commitTurnBatch(prisma: PrismaClient, writes: readonly TurnWrite[]): Promise<Set<string>> {
  const created = writes.filter((w) => w.expectedTurn === null);
  const updated = writes.filter((w) => w.expectedTurn !== null);
  const messages = writes.flatMap((w) => w.messages.map((m) => ({ ...m, w })));
  const steps = writes.flatMap((w) => w.steps.map((s) => ({ ...s, w })));
  const feedback = writes.flatMap((w) => w.feedback.map((f) => ({ ...f, w })));
  const when = (w: TurnWrite) => (w.ended ? w.now : null);
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    WITH updated AS (
      UPDATE "Session" AS s
      SET "state" = v.state, "status" = v.status::"SessionStatus", "currentBlockId" = v.current,
          "turn" = v.expected + 1, "updatedAt" = v.now, "endedAt" = v.ended
      FROM unnest(${updated.map((w) => w.sessionId)}::text[], ${updated.map((w) => w.expectedTurn)}::int[],
                  ${updated.map((w) => JSON.stringify(w.state))}::jsonb[], ${updated.map(status)}::text[],
                  ${updated.map((w) => w.currentBlockId)}::text[], ${updated.map((w) => w.now)}::timestamp(3)[],
                  ${updated.map(when)}::timestamp(3)[])
        AS v(id, expected, state, status, current, now, ended)
      WHERE s."id" = v.id AND s."turn" = v.expected
      RETURNING s."id"
    ), created AS (
      INSERT INTO "Session" ("id", "customerId", "flowVersion", "status", "state", "currentBlockId", "turn", "createdAt", "updatedAt", "endedAt")
      SELECT v.id, v.customer, v.flow, v.status::"SessionStatus", v.state, v.current, 1, v.now, v.now, v.ended
      FROM unnest(${created.map((w) => w.sessionId)}::text[], ${created.map((w) => w.customerId)}::text[],
                  ${created.map((w) => w.flowVersion)}::int[], ${created.map(status)}::text[],
                  ${created.map((w) => JSON.stringify(w.state))}::jsonb[], ${created.map((w) => w.currentBlockId)}::text[],
                  ${created.map((w) => w.now)}::timestamp(3)[], ${created.map(when)}::timestamp(3)[])
        AS v(id, customer, flow, status, state, current, now, ended)
      RETURNING "id"
    ), committed AS (
      SELECT "id" FROM updated UNION ALL SELECT "id" FROM created
    ), messages AS (
      INSERT INTO "Message" ("id", "sessionId", "customerId", "sender", "text", "blockId", "clientMsgId", "createdAt")
      SELECT m.id, m.session, m.customer, m.sender::"Sender", m.text, m.block, m.client, m.at
      FROM unnest(${messages.map((m) => m.id)}::text[], ${messages.map((m) => m.w.sessionId)}::text[],
                  ${messages.map((m) => m.w.customerId)}::text[], ${messages.map((m) => SENDER_ROW[m.sender])}::text[],
                  ${messages.map((m) => m.text)}::text[], ${messages.map((m) => m.blockId)}::text[],
                  ${messages.map((m) => m.clientMsgId)}::text[], ${messages.map((m) => m.createdAt)}::timestamp(3)[])
        WITH ORDINALITY AS m(id, session, customer, sender, text, block, client, at, n)
      WHERE m.session IN (SELECT "id" FROM committed)
      ORDER BY m.n
      RETURNING 1
    ), steps AS (
      INSERT INTO "Step" ("sessionId", "turn", "blockId", "blockType", "kind", "data", "createdAt")
      SELECT s.session, s.turn, s.block, s.type, s.kind, s.data, s.at
      FROM unnest(${steps.map((s) => s.w.sessionId)}::text[], ${steps.map((s) => (s.w.expectedTurn ?? 0) + 1)}::int[],
                  ${steps.map((s) => s.blockId)}::text[], ${steps.map((s) => s.blockType)}::text[],
                  ${steps.map((s) => s.kind)}::text[], ${steps.map((s) => (s.data === undefined ? null : JSON.stringify(s.data)))}::jsonb[],
                  ${steps.map((s) => s.w.now)}::timestamp(3)[])
        WITH ORDINALITY AS s(session, turn, block, type, kind, data, at, n)
      WHERE s.session IN (SELECT "id" FROM committed)
      ORDER BY s.n
      RETURNING 1
    ), feedback AS (
      INSERT INTO "Feedback" ("id", "sessionId", "customerId", "rating", "comment", "sentiment", "score", "classifier", "createdAt")
      SELECT f.id, f.session, f.customer, f.rating, f.comment, f.sentiment::"Sentiment", f.score, f.classifier, f.at
      FROM unnest(${feedback.map((f) => f.id)}::text[], ${feedback.map((f) => f.w.sessionId)}::text[],
                  ${feedback.map((f) => f.w.customerId)}::text[], ${feedback.map((f) => f.rating)}::int[],
                  ${feedback.map((f) => f.comment)}::text[], ${feedback.map((f) => SENTIMENT_ROW[f.sentiment])}::text[],
                  ${feedback.map((f) => f.score)}::float8[], ${feedback.map((f) => f.classifier)}::text[],
                  ${feedback.map((f) => f.createdAt)}::timestamp(3)[])
        AS f(id, session, customer, rating, comment, sentiment, score, classifier, at)
      WHERE f.session IN (SELECT "id" FROM committed)
      RETURNING 1
    )
    SELECT "id" FROM committed`;
  return new Set(rows.map((row) => row.id));
}

function status(w: TurnWrite): string {
  return w.ended ? "ENDED" : "ACTIVE";
}
