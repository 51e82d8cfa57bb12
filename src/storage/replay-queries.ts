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

const sessionRows = z.array(
  z.object({
    id: z.string(),
    flowVersion: z.number().int(),
    turns: z.number().int(),
    state: z.unknown(),
    customerId: z.string(),
    customerName: z.string().nullable(),
  }),
);
const messageRows = z.array(
  z.object({
    sessionId: z.string(),
    sender: z.enum(["CUSTOMER", "BOT", "OPERATOR"]),
    text: z.string(),
    blockId: z.string().nullable(),
    createdAt: z.coerce.date(),
  }),
);
const stepRows = z.array(
  z.object({
    sessionId: z.string(),
    turn: z.number().int(),
    blockId: z.string(),
    blockType: z.string(),
    kind: z.string(),
    data: z.unknown(),
    createdAt: z.coerce.date(),
  }),
);

/**
 * The sessions with these ids, in the order of `ids`, each with its messages and steps in
 * insertion order: three queries for the page, through the (sessionId, seq) indexes. Raw
 * queries: the model queries took three times as long to hand the same rows over.
 */
export async function loadReplaySessions(prisma: PrismaClient, ids: string[]): Promise<ReplaySessionRecord[]> {
  const [sessions, messages, steps] = await Promise.all([
    prisma.$queryRaw<unknown[]>`
      SELECT s."id", s."flowVersion", s."turn" AS "turns", s."state", c."id" AS "customerId", c."name" AS "customerName"
      FROM "Session" AS s JOIN "Customer" AS c ON c."id" = s."customerId"
      WHERE s."id" = ANY(${ids}::text[])`,
    prisma.$queryRaw<unknown[]>`
      SELECT "sessionId", "sender"::text AS "sender", "text", "blockId", "createdAt"
      FROM "Message" WHERE "sessionId" = ANY(${ids}::text[]) ORDER BY "sessionId", "seq"`,
    prisma.$queryRaw<unknown[]>`
      SELECT "sessionId", "turn", "blockId", "blockType", "kind", "data", "createdAt"
      FROM "Step" WHERE "sessionId" = ANY(${ids}::text[]) ORDER BY "sessionId", "seq"`,
  ]);
  const records = new Map<string, ReplaySessionRecord>(
    sessionRows
      .parse(sessions)
      .map(({ customerId, customerName, ...session }) => [
        session.id,
        { ...session, customer: { id: customerId, name: customerName }, messages: [], steps: [] },
      ]),
  );
  for (const { sessionId, sender, ...message } of messageRows.parse(messages))
    records.get(sessionId)?.messages.push({ ...message, sender: SENDER_NAME[sender] });
  for (const { sessionId, ...step } of stepRows.parse(steps)) records.get(sessionId)?.steps.push(step);
  return ids.flatMap((id) => records.get(id) ?? []);
}
