import { describe, expect, it } from "vitest";
import type { TurnWrite } from "../../src/storage/turn-writes.ts";
import { aTurnWrite } from "../utils/turn-write.ts";
import { deriveWebhookEvents } from "../../src/webhooks/derive-webhook-events.ts";

const now = new Date("2026-11-30T10:00:00.000Z");

function write(overrides: Partial<TurnWrite>): TurnWrite {
  return aTurnWrite({ flowVersion: 3, expectedTurn: 2, currentBlockId: "listen", now, ...overrides });
}

const types = (turn: TurnWrite) => deriveWebhookEvents(turn).map((event) => event.type);

describe("deriveWebhookEvents", () => {
  it("should cause no event for an ordinary turn", () => {
    expect(deriveWebhookEvents(write({}))).toEqual([]);
  });

  it("should start the conversation on the turn that creates the session", () => {
    const [started] = deriveWebhookEvents(write({ expectedTurn: null }));
    expect(started).toEqual({
      sessionId: "s1",
      type: "conversation.started",
      payload: {
        type: "conversation.started",
        timestamp: "2026-11-30T10:00:00.000Z",
        data: {
          session: { id: "s1", flowVersion: 3, status: "active", currentBlockId: "listen" },
          customer: { id: "c1" },
        },
      },
    });
  });

  it("should carry rating, comment and sentiment in feedback.received", () => {
    const feedback = {
      id: "f1",
      rating: 2,
      comment: "slow",
      sentiment: "negative" as const,
      score: -0.5,
      classifier: "x",
      createdAt: now,
    };
    const [event] = deriveWebhookEvents(write({ feedback: [feedback] }));
    expect(event?.type).toBe("feedback.received");
    expect(event?.payload.data).toMatchObject({ feedbackId: "f1", rating: 2, comment: "slow", sentiment: "negative" });
  });

  it("should order a turn's events as they happened: started, handoff, feedback, ended", () => {
    const feedback = {
      id: "f1",
      rating: 5,
      comment: null,
      sentiment: "positive" as const,
      score: 1,
      classifier: "x",
      createdAt: now,
    };
    expect(types(write({ expectedTurn: null, feedback: [feedback], ended: true, currentBlockId: null }))).toEqual([
      "conversation.started",
      "feedback.received",
      "conversation.ended",
    ]);
    expect(types(write({ expectedTurn: null, handoff: "queue", handoffQueue: "support" }))).toEqual([
      "conversation.started",
      "handoff.queued",
    ]);
  });

  it("should name the queue in handoff.queued and announce handoff.released", () => {
    const [queued] = deriveWebhookEvents(write({ handoff: "queue", handoffQueue: "billing" }));
    expect(queued?.payload.data["queue"]).toBe("billing");
    expect(types(write({ handoff: "release" }))).toEqual(["handoff.released"]);
  });

  it("should mark the session ended in conversation.ended", () => {
    const [ended] = deriveWebhookEvents(write({ ended: true, currentBlockId: null }));
    expect(ended?.type).toBe("conversation.ended");
    expect(ended?.payload.data["session"]).toMatchObject({ status: "ended" });
  });
});
