import type { Prisma, PrismaClient } from "./generated/client.ts";
import { SENDER_ROW, SENTIMENT_ROW } from "./map-rows.ts";
import type { SenderName, SentimentName } from "./records.ts";
import { insertOutboxRows } from "./webhook-outbox.ts";

export interface NewMessage {
  id: string;
  sender: SenderName;
  text: string;
  blockId: string | null;
  clientMsgId: string | null;
  createdAt: Date;
}

export interface NewStep {
  blockId: string;
  blockType: string;
  kind: string;
  data: Record<string, unknown> | undefined;
}

export interface NewFeedback {
  id: string;
  rating: number;
  comment: string | null;
  sentiment: SentimentName;
  score: number;
  classifier: string;
  createdAt: Date;
}

/** Everything one turn changes, written in one transaction (load → run → save → respond). */
export interface TurnWrite {
  sessionId: string;
  customerId: string;
  flowVersion: number;
  /** The turn the state was computed from; `null` creates the session. */
  expectedTurn: number | null;
  state: unknown;
  currentBlockId: string | null;
  ended: boolean;
  messages: NewMessage[];
  steps: NewStep[];
  feedback: NewFeedback[];
  /**
   * How the turn changes the handoff: `queue` (the flow reached a handoff block: queued in
   * `handoffQueue`), `release` (an operator gave the conversation back), `null` unchanged.
   */
  handoff: "queue" | "release" | null;
  handoffQueue: string | null;
  /** When the timer of the block the session now waits at goes off; `null` none; `keep` unchanged. */
  timer: Date | null | "keep";
  now: Date;
}

/** `conflict`: another writer committed a turn first; `duplicate`: the clientMsgId was seen. */
export type TurnCommit = "committed" | "conflict" | "duplicate";

class TurnConflict extends Error {}

export async function commitTurn(prisma: PrismaClient, write: TurnWrite): Promise<TurnCommit> {
  try {
    await prisma.$transaction(async (tx) => {
      if (!(await saveSession(tx, write))) throw new TurnConflict();
      await insertRows(tx, write);
      await insertOutboxRows(tx, write);
    });
    return "committed";
  } catch (error) {
    if (error instanceof TurnConflict) return "conflict";
    if (isClientMsgIdClash(error)) return "duplicate";
    throw error;
  }
}

async function saveSession(tx: Prisma.TransactionClient, write: TurnWrite): Promise<boolean> {
  const status = write.ended ? "ENDED" : "ACTIVE";
  const state = write.state as Prisma.InputJsonValue;
  if (write.expectedTurn === null) {
    await tx.session.create({
      data: {
        id: write.sessionId,
        customerId: write.customerId,
        flowVersion: write.flowVersion,
        status,
        state,
        currentBlockId: write.currentBlockId,
        turn: 1,
        createdAt: write.now,
        updatedAt: write.now,
        endedAt: write.ended ? write.now : null,
        ...handoffColumns(write),
        ...timerColumns(write),
      },
    });
    return true;
  }
  const { count } = await tx.session.updateMany({
    where: { id: write.sessionId, turn: write.expectedTurn },
    data: {
      status,
      state,
      currentBlockId: write.currentBlockId,
      turn: write.expectedTurn + 1,
      updatedAt: write.now,
      endedAt: write.ended ? write.now : null,
      ...handoffColumns(write),
      ...timerColumns(write),
    },
  });
  return count === 1;
}

/** The handoff columns a turn sets; none when it leaves the handoff as it was. */
function handoffColumns(write: TurnWrite) {
  if (write.handoff === "queue") {
    return {
      handoffStatus: "QUEUED",
      handoffQueue: write.handoffQueue,
      handoffOperatorId: null,
      handoffOperator: null,
      handoffSince: write.now,
    } as const;
  }
  if (write.handoff === "release") return { handoffStatus: "RELEASED", handoffSince: write.now } as const;
  return {};
}

/** A new timer (or none) replaces the old one and any claim on it. */
function timerColumns(write: TurnWrite) {
  return write.timer === "keep" ? {} : { timerDueAt: write.timer, timerLeaseUntil: null };
}

async function insertRows(tx: Prisma.TransactionClient, write: TurnWrite): Promise<void> {
  const turn = (write.expectedTurn ?? 0) + 1;
  const { sessionId, customerId } = write;
  if (write.messages.length) {
    await tx.message.createMany({
      data: write.messages.map((m) => ({ ...m, sender: SENDER_ROW[m.sender], sessionId, customerId, turn })),
    });
  }
  if (write.steps.length) {
    await tx.step.createMany({
      data: write.steps.map((s) => ({
        sessionId,
        turn,
        blockId: s.blockId,
        blockType: s.blockType,
        kind: s.kind,
        data: s.data as Prisma.InputJsonValue | undefined,
        createdAt: write.now,
      })),
    });
  }
  if (write.feedback.length) {
    await tx.feedback.createMany({
      data: write.feedback.map((f) => ({ ...f, sentiment: SENTIMENT_ROW[f.sentiment], sessionId, customerId })),
    });
  }
}

function isClientMsgIdClash(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, meta, message } = error as { code?: string; meta?: unknown; message?: string };
  if (code !== "P2002") return false;
  return JSON.stringify(meta ?? "").includes("clientMsgId") || String(message).includes("clientMsgId");
}
