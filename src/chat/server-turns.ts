import { DomainError } from "../domain-error.ts";
import { runTurn, type EngineEvent, type EnginePorts, type Flow, type SessionState } from "../engine/index.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { StoredSession } from "../storage/records.ts";
import type { HandoffInfo } from "./chat-types.ts";
import type { FlowCatalog } from "./flow-catalog.ts";
import { isWithOperator, presentHandoff, type Holder } from "./handoff-records.ts";
import { MAX_TURN_ATTEMPTS, sessionInfo, type SessionTurns } from "./session-turns.ts";

export interface ServerTurnsDeps {
  turns: SessionTurns;
  flows: FlowCatalog;
  ports: EnginePorts;
  bus: EventBus;
  now: () => Date;
}

/** A turn the server starts: its event (the customer and session are added), and the handoff it ends. */
interface ServerTurn {
  event: { type: "release"; goto?: string } | { type: "timeout" };
  releasedBy: "operator" | "timer";
  released: HandoffInfo | null;
}

/**
 * The turns nobody sent a message for: an operator's release and a timer going off. Each is
 * decided on the session read afresh under its lock (claims change the handoff on any
 * instance without running a turn here), committed, and pushed to the customer's connections
 * and subscribers like any turn.
 */
export class ServerTurns {
  readonly #deps: ServerTurnsDeps;

  constructor(deps: ServerTurnsDeps) {
    this.#deps = deps;
  }

  /**
   * An operator (or ADMIN_TOKEN) hands the conversation back: the flow continues at the handoff
   * block's `next`, or at `goto`, in a turn pushed to the customer's connections and subscribers.
   */
  async release(request: { sessionId: string; goto?: string | undefined; by: Holder }): Promise<HandoffInfo> {
    const { goto } = request;
    const turn = await this.#run(request.sessionId, (session, flow) => {
      const held = checkCanRelease(session, request.by);
      if (goto !== undefined && !flow.blocks.some((block) => block.id === goto))
        throw new DomainError("BAD_REQUEST", `goto: the conversation's flow has no block "${goto}"`);
      const event = { type: "release" as const, ...(goto !== undefined ? { goto } : {}) };
      return { event, releasedBy: "operator" as const, released: this.#released(session, held) };
    });
    return turn.released;
  }

  /**
   * The scheduler claimed a timer due at `dueAt`: the flow continues at the `timeout.next` of the
   * block the session waits at (a handoff nobody claimed in time is released). `stale` when a
   * turn or a claim since replaced the timer (or the session ended): nothing runs.
   */
  async fireTimer(sessionId: string, dueAt: Date): Promise<"fired" | "stale"> {
    const turn = await this.#run(sessionId, (session) => {
      // A claim clears the timer in the same update, so a claimed handoff is stale here too.
      if (session.status === "ended" || session.timerDueAt?.getTime() !== dueAt.getTime()) return "skip";
      const held = isWithOperator(session) ? session.handoff : null;
      const event = { type: "timeout" as const };
      return { event, releasedBy: "timer" as const, released: held && this.#released(session, held) };
    });
    return turn === "skip" ? "stale" : "fired";
  }

  #released(session: StoredSession, held: NonNullable<StoredSession["handoff"]>): HandoffInfo {
    return presentHandoff({ ...session, handoff: { ...held, status: "released", since: this.#deps.now() } })!;
  }

  /** Runs the turn `decide` makes of the session as stored; returns the decision (`skip`: nothing ran). */
  async #run<Decision extends ServerTurn | "skip">(
    sessionId: string,
    decide: (session: StoredSession, flow: Flow) => Decision,
  ): Promise<Decision> {
    const { turns, flows, ports, bus } = this.#deps;
    return turns.locked(sessionId, async () => {
      for (let attempt = 1; ; attempt++) {
        const entry = await turns.load(sessionId);
        if (!entry) throw new DomainError("NOT_FOUND", `session ${sessionId} does not exist`);
        const flow = await flows.flow(entry.session.flowVersion);
        const decision = decide(entry.session, flow);
        if (decision === "skip") return decision;
        const customer = { id: entry.customer.id, name: entry.customer.name };
        const event = { ...decision.event, customer, sessionId } as EngineEvent;
        const result = await runTurn(flow, entry.session.state as SessionState, event, ports);
        const turn = await turns.commit(entry, sessionInfo(entry.session, false), result, undefined, {
          released: decision.released ?? undefined,
          releasedBy: decision.releasedBy,
        });
        if (turn !== "conflict") {
          const { botMessages: messages, end, handoff } = turn;
          bus.publish({ kind: "session", sessionId }, { kind: "pushed-turn", sessionId, messages, end, handoff });
          return decision;
        }
        turns.forget(sessionId);
        if (attempt >= MAX_TURN_ATTEMPTS) throw new DomainError("UNAVAILABLE", "the session is busy; try again");
      }
    });
  }
}

/**
 * Only the holder releases, or ADMIN_TOKEN (which may also release a conversation nobody
 * claimed). Returns the handoff it releases.
 */
function checkCanRelease(session: StoredSession, by: Holder): NonNullable<StoredSession["handoff"]> {
  const held = isWithOperator(session) ? session.handoff : null;
  if (!held) throw new DomainError("CONFLICT", `session ${session.id} is not waiting for or held by an operator`);
  if (by.admin) return held;
  if (held.status !== "assigned" || held.operatorId !== by.operatorId)
    throw new DomainError("FORBIDDEN", `you do not hold session ${session.id}: claim it first`);
  return held;
}
