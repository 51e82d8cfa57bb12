import type { TurnResult } from "../engine/index.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { StoredSession } from "../storage/records.ts";
import type { Store } from "../storage/store.ts";
import type { TurnWrite } from "../storage/turn-writes.ts";
import type { ChatMessage, HandoffInfo, SessionInfo, TurnEnd, TurnReport } from "./chat-types.ts";
import { currentEnd, waitBlockOf } from "./current-end.ts";
import type { FlowCatalog } from "./flow-catalog.ts";
import { isWithOperator, presentHandoff, publishHandoff } from "./handoff-records.ts";
import { KeyedMutex } from "./keyed-mutex.ts";
import { toTurnEnd } from "./present.ts";
import { rememberClientId, SessionCache, type CachedSession } from "./session-cache.ts";
import { buildTurnWrite, publishTurn, sessionAfterTurn } from "./turn-records.ts";

/** Tries of a turn that lost its optimistic check to another writer before `UNAVAILABLE`. */
export const MAX_TURN_ATTEMPTS = 5;

export interface SessionTurnsDeps {
  store: Store;
  flows: FlowCatalog;
  bus: EventBus;
  now: () => Date;
  newId: () => string;
  /** Told when a committed turn set a timer, so the scheduler wakes in time. */
  onTimerSet: (dueAt: Date) => void;
}

/** What the session was before a turn: `session` undefined for a session the turn starts. */
export type TurnBase = Pick<CachedSession, "customer" | "recentClientIds"> & { session: StoredSession | undefined };

export interface CommitOptions {
  /** The handoff this turn ends (a release, a handoff timeout). */
  released?: HandoffInfo | undefined;
  releasedBy?: "operator" | "timer";
  /** Leave the session's timer as it is (a customer turn while a human holds the conversation). */
  timer?: "keep";
}

/** A committed turn; `receipt` is absent for the greeting of a session opened by a connect. */
export type CommittedTurn = Omit<TurnReport, "receipt"> & { receipt: ChatMessage | undefined };

/**
 * What every kind of turn shares, customer turns and the turns the server starts: the
 * per-session lock (turns of one session never overlap here), the sessions kept in memory
 * between turns, and the commit that stores a turn and then publishes it.
 */
export class SessionTurns {
  readonly #deps: SessionTurnsDeps;
  readonly #locks = new KeyedMutex();
  readonly #sessions = new SessionCache();

  constructor(deps: SessionTurnsDeps) {
    this.#deps = deps;
  }

  /** Runs `work` with the session's lock held. */
  locked<T>(sessionId: string, work: () => Promise<T>): Promise<T> {
    return this.#locks.run(sessionId, work);
  }

  /** Waits for every turn in flight: part of a graceful shutdown. */
  drain(): Promise<void> {
    return this.#locks.drain();
  }

  cached(sessionId: string): CachedSession | undefined {
    return this.#sessions.get(sessionId);
  }

  /** Keeps the session as stored now, unless the cache knows a later turn of it. */
  remember(entry: CachedSession): void {
    const cached = this.#sessions.get(entry.session.id);
    if (!cached || cached.session.turn < entry.session.turn) this.#sessions.set(entry);
  }

  /** The cached session may be stale (another writer won, a commit failed): read it afresh next time. */
  forget(sessionId: string): void {
    this.#sessions.delete(sessionId);
  }

  /** The session and its customer as stored. */
  async load(sessionId: string): Promise<CachedSession | undefined> {
    const session = await this.#deps.store.findSession(sessionId);
    const customer = session && (await this.#deps.store.findCustomer(session.customerId));
    return session && customer ? { session, customer, recentClientIds: [] } : undefined;
  }

  /** A stored session's `waiting` (with its options) or `ended`, as a resume or a repeated message reports it. */
  async currentEnd(session: StoredSession): Promise<TurnEnd> {
    const flow = waitBlockOf(session) === undefined ? undefined : await this.#deps.flows.flow(session.flowVersion);
    return currentEnd(session, flow);
  }

  /**
   * Stores the turn (grouped with other sessions' turns), then publishes what it stored.
   * `conflict`: another writer committed a turn of the session first; nothing was stored.
   */
  async commit(
    previous: TurnBase,
    info: SessionInfo,
    result: TurnResult,
    request: { text: string; clientMsgId?: string | undefined } | undefined,
    options: CommitOptions = {},
  ): Promise<CommittedTurn | "conflict"> {
    const { bus } = this.#deps;
    const { released } = options;
    const queued = result.outcome.type === "waiting" && result.outcome.handoff !== undefined;
    const write = buildTurnWrite({
      info,
      expectedTurn: previous.session?.turn ?? null,
      result,
      request,
      now: this.#deps.now(),
      newId: this.#deps.newId,
      handoff: handoffChange(queued, released !== undefined, previous.session),
      ...(options.timer ? { timer: options.timer } : {}),
    });
    // A session's first turn without a customer message is a connect's greeting: it waits behind the talking customers' turns.
    const greeting = previous.session === undefined && request === undefined;
    const committed = await this.#deps.store.commitTurn(write, greeting ? "greeting" : "turn");
    if (committed !== "committed") return "conflict";
    if (write.timer instanceof Date) this.#deps.onTimerSet(write.timer);
    const after = sessionAfterTurn(previous.session, write);
    this.#sessions.set({
      session: after,
      customer: previous.customer,
      recentClientIds: rememberClientId(previous.recentClientIds, request?.clientMsgId),
    });
    if (released) publishHandoff(bus, released, options.releasedBy ?? "operator");
    const messages = publishTurn(bus, write);
    // The customer's own answer carries the news (a `handoff` frame): `cause: "turn"`.
    const handoff = write.handoff === "queue" ? presentHandoff(after) : undefined;
    if (handoff) publishHandoff(bus, handoff, "turn");
    const hasReceipt = request !== undefined;
    return {
      newSession: undefined,
      receipt: hasReceipt ? messages[0] : undefined,
      botMessages: hasReceipt ? messages.slice(1) : messages,
      end: toTurnEnd(result.outcome),
      handoff,
      duplicate: false,
    };
  }
}

/** A turn in a handoff never queues again (the engine stays silent there); a release may. */
function handoffChange(queued: boolean, releasing: boolean, before: StoredSession | undefined): TurnWrite["handoff"] {
  if (releasing) return queued ? "queue" : "release";
  return queued && !(before && isWithOperator(before)) ? "queue" : null;
}

export function sessionInfo(session: StoredSession, resumed: boolean): SessionInfo {
  return { sessionId: session.id, customerId: session.customerId, flowVersion: session.flowVersion, resumed };
}
