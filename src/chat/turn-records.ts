import type { TurnResult } from "../engine/index.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { StoredHandoff, StoredSession } from "../storage/records.ts";
import type { NewMessage, TurnWrite } from "../storage/turn-writes.ts";
import type { ChatMessage, SessionInfo } from "./chat-types.ts";
import { toChatMessage, toFeedbackEvent } from "./present.ts";

/** Everything a turn stores, built from the engine's result: messages, steps, feedback, state. */
export function buildTurnWrite(input: {
  info: SessionInfo;
  expectedTurn: number | null;
  result: TurnResult;
  request: { text: string; clientMsgId?: string | undefined } | undefined;
  now: Date;
  newId: () => string;
  /** Overrides what the outcome says: `release` for an operator's release, `null` while in a handoff. */
  handoff?: TurnWrite["handoff"];
  /** `keep`: the turn leaves the session's timer alone (a message while it waits for a human). @default the engine's */
  timer?: "keep";
}): TurnWrite {
  const { info, result, request, now, newId } = input;
  const handoff = input.handoff ?? (result.outcome.type === "waiting" && result.outcome.handoff ? "queue" : null);
  const customerMessage: NewMessage[] = request
    ? [
        {
          id: newId(),
          sender: "customer",
          text: request.text,
          blockId: null,
          clientMsgId: request.clientMsgId ?? null,
          createdAt: now,
        },
      ]
    : [];
  const botMessages: NewMessage[] = result.outputs.map((output, index) => ({
    id: newId(),
    sender: "bot",
    text: output.text,
    blockId: output.blockId,
    clientMsgId: null,
    // Distinct, ordered timestamps keep history ordered for readers that sort by time.
    createdAt: new Date(now.getTime() + index + 1),
  }));
  return {
    sessionId: info.sessionId,
    customerId: info.customerId,
    flowVersion: info.flowVersion,
    expectedTurn: input.expectedTurn,
    state: result.state,
    currentBlockId: result.outcome.type === "waiting" ? result.outcome.blockId : null,
    ended: result.outcome.type === "ended",
    messages: [...customerMessage, ...botMessages],
    steps: result.steps.map((s) => ({ blockId: s.blockId, blockType: s.blockType, kind: s.kind, data: s.data })),
    feedback: result.feedback.map((f) => ({
      id: newId(),
      rating: f.rating,
      comment: f.comment,
      sentiment: f.sentiment,
      score: f.score,
      classifier: f.classifier,
      createdAt: now,
    })),
    handoff,
    handoffQueue: result.outcome.type === "waiting" ? (result.outcome.handoff?.queue ?? null) : null,
    timer: input.timer ?? (result.timer ? new Date(now.getTime() + result.timer.afterMs) : null),
    now,
  };
}

/** The session row as the committed turn left it: what the cache keeps. */
export function sessionAfterTurn(previous: StoredSession | undefined, write: TurnWrite): StoredSession {
  return {
    id: write.sessionId,
    customerId: write.customerId,
    flowVersion: write.flowVersion,
    status: write.ended ? "ended" : "active",
    currentBlockId: write.currentBlockId,
    state: write.state,
    turn: (write.expectedTurn ?? 0) + 1,
    createdAt: previous?.createdAt ?? write.now,
    updatedAt: write.now,
    handoff: handoffAfterTurn(previous?.handoff ?? null, write),
    timerDueAt: write.timer === "keep" ? (previous?.timerDueAt ?? null) : write.timer,
  };
}

function handoffAfterTurn(previous: StoredHandoff | null, write: TurnWrite): StoredHandoff | null {
  if (write.handoff === "queue")
    return { status: "queued", queue: write.handoffQueue, operatorId: null, operator: null, since: write.now };
  if (write.handoff === "release" && previous) return { ...previous, status: "released", since: write.now };
  return previous;
}

/** Announces a committed turn's messages and feedback; returns the messages as presented. */
export function publishTurn(bus: EventBus, write: TurnWrite): ChatMessage[] {
  const { sessionId, customerId } = write;
  const messages = write.messages.map((m) => toChatMessage({ ...m, sessionId, customerId }));
  for (const message of messages) bus.publish({ kind: "session", sessionId }, { kind: "message", message });
  for (const feedback of write.feedback) {
    bus.publish(
      { kind: "feedback" },
      { kind: "feedback", feedback: toFeedbackEvent({ ...feedback, sessionId, customerId }) },
    );
  }
  return messages;
}
