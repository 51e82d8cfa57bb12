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
  /** `turn`: the turn that stored it; `null` on messages stored before messages kept their turn, and an operator's. */
  messages: { sender: SenderName; text: string; blockId: string | null; turn: number | null; createdAt: Date }[];
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

const SENDER = z.enum(["CUSTOMER", "BOT", "OPERATOR"]);
/** Postgres builds each session's messages and steps as one JSON array: a row per session, not per message. */
const jsonText = <T extends z.ZodType>(item: T) =>
  z
    .string()
    .nullable()
    .transform((text) => (text === null ? [] : (JSON.parse(text) as unknown)))
    .pipe(z.array(item));
const sessionRows = z.array(
  z.object({
    id: z.string(),
    flowVersion: z.number().int(),
    turns: z.number().int(),
    state: z.unknown(),
    customerId: z.string(),
    customerName: z.string().nullable(),
    // [sender, text, blockId, turn, createdAt in ms]
    messages: jsonText(z.tuple([SENDER, z.string(), z.string().nullable(), z.number().int().nullable(), z.number()])),
    // [turn, blockId, blockType, kind, data, createdAt in ms]
    steps: jsonText(z.tuple([z.number().int(), z.string(), z.string(), z.string(), z.unknown(), z.number()])),
  }),
);

/**
 * The sessions with these ids, in the order of `ids`, each with its messages and steps in
 * insertion order, in one query. The database folds each session's messages and steps into a
 * JSON array (through the (sessionId, seq) indexes): handing 200 rows to Node instead of one
 * per message and step made a page several times faster. Times are milliseconds since the
 * epoch, read as UTC as Prisma stores them.
 */
export async function loadReplaySessions(prisma: PrismaClient, ids: string[]): Promise<ReplaySessionRecord[]> {
  const rows = await prisma.$queryRaw<unknown[]>`
    SELECT s."id", s."flowVersion", s."turn" AS "turns", s."state",
      c."id" AS "customerId", c."name" AS "customerName",
      (SELECT json_agg(json_build_array(m."sender", m."text", m."blockId", m."turn",
          extract(epoch FROM m."createdAt") * 1000) ORDER BY m."seq")
        FROM "Message" AS m WHERE m."sessionId" = s."id")::text AS "messages",
      (SELECT json_agg(json_build_array(st."turn", st."blockId", st."blockType", st."kind", st."data",
          extract(epoch FROM st."createdAt") * 1000) ORDER BY st."seq")
        FROM "Step" AS st WHERE st."sessionId" = s."id")::text AS "steps"
    FROM "Session" AS s JOIN "Customer" AS c ON c."id" = s."customerId"
    WHERE s."id" = ANY(${ids}::text[])`;
  const records = new Map<string, ReplaySessionRecord>(
    sessionRows.parse(rows).map(({ customerId, customerName, messages, steps, ...session }) => [
      session.id,
      {
        ...session,
        customer: { id: customerId, name: customerName },
        messages: messages.map(([sender, text, blockId, turn, at]) => ({
          sender: SENDER_NAME[sender],
          text,
          blockId,
          turn,
          createdAt: new Date(at),
        })),
        steps: steps.map(([turn, blockId, blockType, kind, data, at]) => ({
          turn,
          blockId,
          blockType,
          kind,
          data,
          createdAt: new Date(at),
        })),
      },
    ]),
  );
  return ids.flatMap((id) => records.get(id) ?? []);
}
