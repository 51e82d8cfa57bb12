import { Prisma, type PrismaClient } from "./generated/client.ts";
import { SENDER_ROW, SENTIMENT_ROW } from "./map-rows.ts";
import type { TurnWrite } from "./turn-writes.ts";

/**
 * Writes the turns of many sessions in one transaction: a handful of statements whatever the
 * number of turns. Each turn keeps its own optimistic check: a session whose turn counter moved
 * (another instance wrote first) is left out, and the others commit. Returns the ids of the
 * sessions whose turn was written.
 */
export async function commitTurnBatch(prisma: PrismaClient, writes: readonly TurnWrite[]): Promise<Set<string>> {
  return prisma.$transaction(async (tx) => {
    const created = writes.filter((w) => w.expectedTurn === null);
    const updated = writes.filter((w) => w.expectedTurn !== null);
    if (created.length) await tx.session.createMany({ data: created.map(newSessionRow) });
    const committed = new Set(created.map((w) => w.sessionId));
    if (updated.length) {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Session" AS s
        SET "state" = v.state, "status" = v.status::"SessionStatus", "currentBlockId" = v.current,
            "turn" = v.expected + 1, "updatedAt" = v.now, "endedAt" = v.ended
        FROM (VALUES ${Prisma.join(updated.map(updateRow))}) AS v(id, expected, state, status, current, now, ended)
        WHERE s."id" = v.id AND s."turn" = v.expected
        RETURNING s."id"`;
      for (const row of rows) committed.add(row.id);
    }
    const kept = writes.filter((w) => committed.has(w.sessionId));
    const messages = kept.flatMap((w) =>
      w.messages.map((m) => ({ ...m, sender: SENDER_ROW[m.sender], sessionId: w.sessionId, customerId: w.customerId })),
    );
    const steps = kept.flatMap((w) =>
      w.steps.map((s) => ({
        sessionId: w.sessionId,
        turn: (w.expectedTurn ?? 0) + 1,
        blockId: s.blockId,
        blockType: s.blockType,
        kind: s.kind,
        data: s.data as Prisma.InputJsonValue | undefined,
        createdAt: w.now,
      })),
    );
    const feedback = kept.flatMap((w) =>
      w.feedback.map((f) => ({
        ...f,
        sentiment: SENTIMENT_ROW[f.sentiment],
        sessionId: w.sessionId,
        customerId: w.customerId,
      })),
    );
    if (messages.length) await tx.message.createMany({ data: messages });
    if (steps.length) await tx.step.createMany({ data: steps });
    if (feedback.length) await tx.feedback.createMany({ data: feedback });
    return committed;
  });
}

function newSessionRow(w: TurnWrite) {
  return {
    id: w.sessionId,
    customerId: w.customerId,
    flowVersion: w.flowVersion,
    status: w.ended ? ("ENDED" as const) : ("ACTIVE" as const),
    state: w.state as Prisma.InputJsonValue,
    currentBlockId: w.currentBlockId,
    turn: 1,
    createdAt: w.now,
    updatedAt: w.now,
    endedAt: w.ended ? w.now : null,
  };
}

function updateRow(w: TurnWrite): Prisma.Sql {
  return Prisma.sql`(${w.sessionId}::text, ${w.expectedTurn}::int, ${JSON.stringify(w.state)}::jsonb, ${w.ended ? "ENDED" : "ACTIVE"}::text, ${w.currentBlockId}::text, ${w.now}::timestamp(3), ${w.ended ? w.now : null}::timestamp(3))`;
}
