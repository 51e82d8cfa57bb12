import { z } from "zod";
import type { PrismaClient } from "./generated/client.ts";
import { SENDER_NAME } from "./map-rows.ts";
import type { SenderName } from "./records.ts";

/** A stored session with everything a replay needs: its customer's lines, bot messages and steps, in order. */
export interface ReplaySessionRecord {
  id: string;
  flowVersion: number;
  customer: { id: string; name: string | null };
  /** Turns committed. */
  turns: number;
  /** The engine state the session ended its last turn with (its variables, for `http` answers). */
  state: unknown;
  messages: { sender: SenderName; text: string; blockId: string | null; createdAt: Date }[];
  steps: { turn: number; blockId: string; blockType: string; kind: string; data: unknown; createdAt: Date }[];
}

const idRows = z.array(z.object({ id: z.string() }));

/**
 * The ids of the `limit` newest sessions, newest first (ids alone: 10,000 of them are a few
 * hundred kilobytes, and the sessions themselves are then read a page at a time).
 */
export async function listNewestSessionIds(prisma: PrismaClient, limit: number): Promise<string[]> {
  const rows = await prisma.$queryRaw<unknown[]>`
    SELECT "id" FROM "Session" ORDER BY "createdAt" DESC, "id" DESC LIMIT ${limit}::int`;
  return idRows.parse(rows).map((row) => row.id);
}

/**
 * The sessions with these ids, in the order of `ids`, each with its messages and steps in
 * insertion order: three queries for the page, through the (sessionId, seq) indexes.
 */
export async function loadReplaySessions(prisma: PrismaClient, ids: string[]): Promise<ReplaySessionRecord[]> {
  const [sessions, messages, steps] = await Promise.all([
    prisma.session.findMany({
      where: { id: { in: ids } },
      select: { id: true, flowVersion: true, turn: true, state: true, customer: { select: { id: true, name: true } } },
    }),
    prisma.message.findMany({
      where: { sessionId: { in: ids } },
      orderBy: { seq: "asc" },
      select: { sessionId: true, sender: true, text: true, blockId: true, createdAt: true },
    }),
    prisma.step.findMany({
      where: { sessionId: { in: ids } },
      orderBy: { seq: "asc" },
      select: { sessionId: true, turn: true, blockId: true, blockType: true, kind: true, data: true, createdAt: true },
    }),
  ]);
  const records = new Map<string, ReplaySessionRecord>(
    sessions.map((s) => [
      s.id,
      {
        id: s.id,
        flowVersion: s.flowVersion,
        customer: s.customer,
        turns: s.turn,
        state: s.state,
        messages: [],
        steps: [],
      },
    ]),
  );
  for (const { sessionId, sender, ...message } of messages)
    records.get(sessionId)?.messages.push({ ...message, sender: SENDER_NAME[sender] });
  for (const { sessionId, ...step } of steps) records.get(sessionId)?.steps.push(step);
  return ids.flatMap((id) => records.get(id) ?? []);
}
