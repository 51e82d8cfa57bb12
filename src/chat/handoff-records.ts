import type { EventBus } from "../events/event-bus.ts";
import type { StoredSession } from "../storage/records.ts";
import type { HandoffInfo } from "./chat-types.ts";

/** Who acts on the queue: an operator with its own token, or ADMIN_TOKEN (`operatorId` null). */
export interface Holder {
  operatorId: string | null;
  name: string;
  admin: boolean;
}

/** Queued or assigned: a human is asked for or holds the conversation, and the bot is silent. */
export function isWithOperator(session: StoredSession): boolean {
  return session.handoff?.status === "queued" || session.handoff?.status === "assigned";
}

export function presentHandoff(session: StoredSession): HandoffInfo | undefined {
  const { handoff } = session;
  if (!handoff) return undefined;
  return {
    sessionId: session.id,
    customerId: session.customerId,
    queue: handoff.queue,
    status: handoff.status,
    operator: handoff.operator,
    operatorId: handoff.operatorId,
    since: handoff.since.toISOString(),
  };
}

/** Tells the session's connections and every queue watcher, on any instance. */
export function publishHandoff(bus: EventBus, handoff: HandoffInfo, cause: "turn" | "operator" | "timer"): void {
  const event = { kind: "handoff", handoff, cause } as const;
  bus.publish({ kind: "session", sessionId: handoff.sessionId }, event);
  bus.publish({ kind: "handoff" }, event);
}
