import { DomainError, rateLimited } from "../domain-error.ts";
import {
  initialState,
  runTurn,
  type EngineEvent,
  type EnginePorts,
  type QuickReply,
  type Flow,
  type SessionState,
  type TurnResult,
} from "../engine/index.ts";
import type { ChatEvent, EventBus } from "../events/event-bus.ts";
import type { Store } from "../storage/store.ts";
import type { StoredCustomer, StoredSession } from "../storage/records.ts";
import type { ChatMessage, ConversationOpened, SessionInfo, TurnEnd, TurnReport } from "./chat-types.ts";
import { currentEnd, waitBlockOf } from "./current-end.ts";
import type { Creation, CreationGate } from "../limits/creation-limiter.ts";
import { createCustomerToken, hashCustomerToken } from "./customer-tokens.ts";
import { identifyCustomer, type IdentityClaim } from "./identify-customer.ts";
import type { TurnWrite } from "../storage/turn-writes.ts";
import type { HandoffInfo } from "./chat-types.ts";
import type { FlowCatalog } from "./flow-catalog.ts";
import { isWithOperator, presentHandoff, publishHandoff, type Holder } from "./handoff-records.ts";
import { KeyedMutex } from "./keyed-mutex.ts";
import { toChatMessage, toTurnEnd } from "./present.ts";
import { rememberClientId, SessionCache, type CachedSession } from "./session-cache.ts";
import { buildTurnWrite, publishTurn, sessionAfterTurn } from "./turn-records.ts";

export interface ChatServiceDeps {
  store: Store;
  flows: FlowCatalog;
  ports: EnginePorts;
  bus: EventBus;
  /** @default () => new Date() */
  now?: () => Date;
  /** @default crypto.randomUUID */
  newId?: () => string;
  /** Limits creating customers and sessions per client address. @default no limit */
  creations?: CreationGate;
  /** `CUSTOMER_ID_SECRET`: with it, a client that chooses its customerId must sign it. @default undefined (ids unsigned) */
  customerIdSecret?: string | undefined;
  /** Told when a committed turn set a timer, so the scheduler wakes in time. @default nothing */
  onTimerSet?: (dueAt: Date) => void;
}

export interface ConnectRequest extends IdentityClaim {
  /** The client's address: creating customers and sessions is limited per address. */
  address: string;
  name?: string | undefined;
  /** Resume the customer's active session if there is one. @default true */
  resume?: boolean;
}

export interface MessageRequest {
  sessionId: string;
  /** The authenticated customer sending it. */
  customerId: string;
  /** The client's address, charged when the message opens a new session. */
  address: string;
  text: string;
  clientMsgId?: string | undefined;
}

/** A customer let in by `admit`: who it is, and its active session (`null`: a new one starts, already paid for). */
export interface Admission {
  customer: StoredCustomer;
  /** The customer's token when this connect made or proved it (for the client to keep). */
  token: string | undefined;
  active: StoredSession | null;
}

const MAX_TURN_ATTEMPTS = 5;

/** The events of turns the server starts; the customer and session are added by `#serverTurn`. */
type ServerEvent = { type: "release"; goto?: string } | { type: "timeout" };
const OPEN_GATE: CreationGate = { tryCreate: () => true, retryAfterSeconds: () => 0 };

/**
 * The one chat service every transport calls: it authenticates customers, opens or resumes
 * sessions, runs the engine and commits each turn (grouped with other sessions' turns) before
 * anything is sent, then publishes what it stored. Sessions stay in memory between turns;
 * turns of one session never overlap: a per-session lock here, and an optimistic turn counter
 * in the database for other instances (a stale cached session fails it and is reloaded).
 */
export class ChatService {
  readonly #deps: Required<Omit<ChatServiceDeps, "customerIdSecret">>;
  readonly #customerIdSecret: string | undefined;
  readonly #locks = new KeyedMutex();
  readonly #sessions = new SessionCache();
  /** Customer text of turns in flight, so `ai` blocks see the message they answer. */
  readonly #pendingText = new Map<string, string>();

  constructor(deps: ChatServiceDeps) {
    this.#deps = {
      now: () => new Date(),
      newId: () => crypto.randomUUID(),
      creations: OPEN_GATE,
      onTimerSet: () => {},
      ...deps,
    };
    this.#customerIdSecret = deps.customerIdSecret;
  }

  /** Authenticates or creates the customer, then resumes its active session or starts one. */
  async connect(request: ConnectRequest): Promise<ConversationOpened> {
    return this.openConversation(await this.admit(request));
  }

  /**
   * Checks who the client is (creating the customer if new) and finds the session it resumes.
   * Whatever it is about to create, customer or session, is charged to the client's address
   * first: past the limit it is `RATE_LIMITED` and nothing is created.
   */
  async admit(request: ConnectRequest): Promise<Admission> {
    const { store } = this.#deps;
    const existing = request.customerId ? await store.findCustomer(request.customerId) : null;
    const identity = identifyCustomer(request, existing, this.#customerIdSecret);
    if (identity.status === "refused") throw new DomainError("UNAUTHORIZED", identity.message);
    if (identity.status === "returning") {
      const { customer } = identity;
      const active = request.resume !== false ? await store.findActiveSession(customer.id) : null;
      if (!active) this.#chargeCreation(request.address, "session");
      if (identity.retoken) await store.updateCustomerTokenHash(customer.id, customer.tokenHash);
      if (request.name && request.name !== customer.name) await store.renameCustomer(customer.id, request.name);
      return { customer: { ...customer, name: request.name || customer.name }, token: identity.token, active };
    }
    this.#chargeCreation(request.address, "customer-and-session");
    const token = identity.token ?? createCustomerToken();
    const id = identity.customerId ?? this.#deps.newId();
    const customer = { id, name: request.name || null, tokenHash: hashCustomerToken(token) };
    if (!(await store.createCustomer(customer)))
      throw new DomainError("UNAUTHORIZED", "this customer exists: connect with its customerToken");
    return { customer, token, active: null };
  }

  /** Resumes the admitted customer's active session, or starts the one `admit` charged for. */
  async openConversation(admission: Admission): Promise<ConversationOpened> {
    const { customer, token, active } = admission;
    if (active) {
      const cached = this.#sessions.get(active.id);
      if (!cached || cached.session.turn < active.turn)
        this.#sessions.set({ session: active, customer, recentClientIds: [] });
      return {
        session: sessionInfo(active, true),
        customerToken: token,
        messages: [],
        end: await this.#currentEnd(active),
        handoff: isWithOperator(active) ? presentHandoff(active) : undefined,
      };
    }
    const opened = await this.#startSession(customer, undefined);
    return {
      session: opened.session,
      customerToken: token,
      messages: opened.botMessages,
      end: opened.end,
      handoff: opened.handoff,
    };
  }

  /** Processes one customer message: stored, run through the flow, answered, published. */
  async sendMessage(request: MessageRequest): Promise<TurnReport> {
    return this.#locks.run(request.sessionId, async () => {
      try {
        return await this.#sendMessage(request);
      } catch (error) {
        // A commit that failed (the database went away, say) may still have been written:
        // the next turn reloads the session from the database instead of trusting the cache.
        if (!(error instanceof DomainError)) this.#sessions.delete(request.sessionId);
        throw error;
      }
    });
  }

  async #sendMessage(request: MessageRequest): Promise<TurnReport> {
    for (let attempt = 1; ; attempt++) {
      const cached = this.#sessions.get(request.sessionId);
      const entry = cached ?? (await this.#loadSession(request.sessionId));
      if (!entry || entry.session.customerId !== request.customerId) {
        throw new DomainError("NOT_FOUND", `session ${request.sessionId} does not exist`);
      }
      // A fresh load is the truth; a cached entry knows the clientMsgIds this instance stored.
      const { clientMsgId } = request;
      if (clientMsgId && (!cached || entry.recentClientIds.includes(clientMsgId))) {
        const repeated = await this.#repeatedMessage(entry.session, clientMsgId);
        if (repeated) return repeated;
      }
      const ended = entry.session.status === "ended";
      if (ended) this.#chargeCreation(request.address, "session");
      const turn = ended
        ? await this.#startSession(entry.customer, request)
        : await this.#continueSession(entry, request);
      if (turn !== "conflict") return { ...turn, receipt: turn.receipt! };
      this.#sessions.delete(request.sessionId);
      if (attempt >= MAX_TURN_ATTEMPTS) throw new DomainError("UNAVAILABLE", "the session is busy; try again");
    }
  }

  #chargeCreation(address: string, creation: Creation): void {
    if (!this.#deps.creations.tryCreate(address, creation))
      throw rateLimited(
        "too many new conversations from this address: nothing was created; try again in a little while",
        this.#deps.creations.retryAfterSeconds(address, creation),
      );
  }

  /**
   * An operator (or ADMIN_TOKEN) hands the conversation back: the flow continues at the handoff
   * block's `next`, or at `goto`, in a turn pushed to the customer's connections and subscribers.
   */
  async release(request: { sessionId: string; goto?: string | undefined; by: Holder }): Promise<HandoffInfo> {
    const { goto } = request;
    const released = await this.#serverTurn(request.sessionId, (session, flow) => {
      checkCanRelease(session, request.by);
      if (goto !== undefined && !flow.blocks.some((block) => block.id === goto))
        throw new DomainError("BAD_REQUEST", `goto: the conversation's flow has no block "${goto}"`);
      return { event: { type: "release", ...(goto !== undefined ? { goto } : {}) }, releasedBy: "operator" };
    });
    if (released === "skipped" || !released) throw new Error("a release always releases");
    return released;
  }

  /**
   * The scheduler claimed a timer due at `dueAt`: the flow continues at the `timeout.next` of the
   * block the session waits at, in a turn pushed like a release's. `stale` when a turn since
   * replaced the timer (or ended the session): nothing runs.
   */
  async fireTimer(sessionId: string, dueAt: Date): Promise<"fired" | "stale"> {
    const fired = await this.#serverTurn(sessionId, (session) => {
      if (session.status === "ended" || session.timerDueAt?.getTime() !== dueAt.getTime()) return "skip";
      if (session.handoff?.status === "assigned") return "skip"; // claimed: the claim cancelled it
      return { event: { type: "timeout" }, releasedBy: "timer" };
    });
    return fired === "skipped" ? "stale" : "fired";
  }

  /**
   * A turn nobody sent a message for (a release, a timer), read afresh under the session's lock
   * (claims change the handoff on any instance without running a turn here), committed, and
   * pushed to the customer's connections and subscribers. Returns the handoff it released.
   */
  async #serverTurn(
    sessionId: string,
    decide: (session: StoredSession, flow: Flow) => { event: ServerEvent; releasedBy: "operator" | "timer" } | "skip",
  ): Promise<HandoffInfo | undefined | "skipped"> {
    return this.#locks.run(sessionId, async () => {
      for (let attempt = 1; ; attempt++) {
        const entry = await this.#loadSession(sessionId);
        if (!entry) throw new DomainError("NOT_FOUND", `session ${sessionId} does not exist`);
        const flow = await this.#deps.flows.flow(entry.session.flowVersion);
        const decision = decide(entry.session, flow);
        if (decision === "skip") return "skipped";
        const customer = { id: entry.customer.id, name: entry.customer.name };
        const event = { ...decision.event, customer, sessionId } as EngineEvent;
        const result = await runTurn(flow, entry.session.state as SessionState, event, this.#deps.ports);
        // The conversation leaves the humans: released by an operator, or nobody claimed it in time.
        const held = isWithOperator(entry.session) ? entry.session.handoff : null;
        const released = held
          ? presentHandoff({ ...entry.session, handoff: { ...held, status: "released", since: this.#deps.now() } })
          : undefined;
        const turn = await this.#commit(entry, sessionInfo(entry.session, false), result, undefined, {
          released,
          releasedBy: decision.releasedBy,
        });
        if (turn !== "conflict") {
          const { botMessages: messages, end, handoff } = turn;
          const pushed = { kind: "pushed-turn", sessionId, messages, end, handoff } as const;
          this.#deps.bus.publish({ kind: "session", sessionId }, pushed);
          return released;
        }
        this.#sessions.delete(sessionId);
        if (attempt >= MAX_TURN_ATTEMPTS) throw new DomainError("UNAVAILABLE", "the session is busy; try again");
      }
    });
  }

  /** The quick replies offered at the wait block a session waits at (none: `undefined`). */
  async offeredOptions(session: StoredSession): Promise<QuickReply[] | undefined> {
    const end = await this.#currentEnd(session);
    return end.type === "waiting" ? end.options : undefined;
  }

  /** A stored session's `waiting` (with its options) or `ended`, as a resume or a repeated message reports it. */
  async #currentEnd(session: StoredSession): Promise<TurnEnd> {
    const flow = waitBlockOf(session) === undefined ? undefined : await this.#deps.flows.flow(session.flowVersion);
    return currentEnd(session, flow);
  }

  /** Everything announced about one session (messages from any transport, handoff changes), on any instance. */
  watch(sessionId: string, listener: (event: ChatEvent) => void): () => void {
    return this.#deps.bus.subscribe({ kind: "session", sessionId }, listener);
  }

  /** Waits for every turn in flight: part of a graceful shutdown. */
  drain(): Promise<void> {
    return this.#locks.drain();
  }

  /** Recent messages of a session including the one being answered: context for `ai` blocks. */
  async conversationContext(
    sessionId: string,
    limit: number,
  ): Promise<Array<{ sender: "customer" | "bot"; text: string }>> {
    const stored = await this.#deps.store.listRecentSessionMessages(sessionId, limit);
    const pending = this.#pendingText.get(sessionId);
    // To the LLM an operator's words are the business's side of the conversation, like the bot's.
    const context = stored.map((m) => ({
      sender: m.sender === "customer" ? m.sender : ("bot" as const),
      text: m.text,
    }));
    if (pending !== undefined) context.push({ sender: "customer", text: pending });
    return context.slice(-limit);
  }

  async #loadSession(sessionId: string): Promise<CachedSession | undefined> {
    const session = await this.#deps.store.findSession(sessionId);
    const customer = session && (await this.#deps.store.findCustomer(session.customerId));
    return session && customer ? { session, customer, recentClientIds: [] } : undefined;
  }

  async #repeatedMessage(session: StoredSession, clientMsgId: string): Promise<TurnReport | undefined> {
    const stored = await this.#deps.store.findMessageByClientId(session.id, clientMsgId);
    if (!stored) return undefined;
    const fresh = (await this.#deps.store.findSession(session.id)) ?? session;
    return {
      newSession: undefined,
      receipt: toChatMessage(stored),
      botMessages: [],
      end: await this.#currentEnd(fresh),
      handoff: undefined,
      duplicate: true,
    };
  }

  async #continueSession(entry: CachedSession, request: MessageRequest): Promise<CommittedTurn | "conflict"> {
    const { session, customer } = entry;
    // A human has the conversation: the message is stored and shown to the operator, and the bot
    // stays silent; the turn still ends with `waiting` at the handoff block.
    if (isWithOperator(session)) {
      const silent: TurnResult = {
        state: session.state as SessionState,
        outputs: [],
        steps: [],
        feedback: [],
        outcome: currentEnd(session, undefined),
        timer: null,
      };
      // The handoff block's timer runs on: it waits for an operator, not for the customer.
      return this.#commit(entry, sessionInfo(session, false), silent, request, { timer: "keep" });
    }
    const flow = await this.#deps.flows.flow(session.flowVersion);
    const event: EngineEvent = {
      type: "message",
      customer: { id: customer.id, name: customer.name },
      text: request.text,
      sessionId: session.id,
    };
    const result = await this.#run(session.id, request.text, () =>
      runTurn(flow, session.state as SessionState, event, this.#deps.ports),
    );
    return this.#commit(entry, sessionInfo(session, false), result, request);
  }

  async #startSession(
    customer: StoredCustomer,
    request: MessageRequest | undefined,
  ): Promise<CommittedTurn & { session: SessionInfo }> {
    const { version, flow } = await this.#deps.flows.forNewSession();
    const sessionId = this.#deps.newId();
    const session: SessionInfo = { sessionId, customerId: customer.id, flowVersion: version, resumed: false };
    const text = request?.text;
    const event: EngineEvent = {
      type: "start",
      customer: { id: customer.id, name: customer.name },
      sessionId,
      ...(text !== undefined ? { text } : {}),
    };
    const result = await this.#run(sessionId, text, () => runTurn(flow, initialState(), event, this.#deps.ports));
    const turn = await this.#commit({ customer, session: undefined, recentClientIds: [] }, session, result, request);
    if (turn === "conflict") throw new Error("a new session cannot conflict");
    return { ...turn, newSession: request ? session : undefined, session };
  }

  async #run(sessionId: string, text: string | undefined, turn: () => Promise<TurnResult>): Promise<TurnResult> {
    if (text !== undefined) this.#pendingText.set(sessionId, text);
    try {
      return await turn();
    } finally {
      this.#pendingText.delete(sessionId);
    }
  }

  async #commit(
    previous: { customer: StoredCustomer; session: StoredSession | undefined; recentClientIds: string[] },
    info: SessionInfo,
    result: TurnResult,
    request: MessageRequest | undefined,
    options: { released?: HandoffInfo | undefined; releasedBy?: "operator" | "timer"; timer?: "keep" } = {},
  ): Promise<CommittedTurn | "conflict"> {
    const now = this.#deps.now();
    const { released } = options;
    const queued = result.outcome.type === "waiting" && result.outcome.handoff !== undefined;
    const write = buildTurnWrite({
      info,
      expectedTurn: previous.session?.turn ?? null,
      result,
      request,
      now,
      newId: this.#deps.newId,
      handoff: handoffChange(queued, released !== undefined, previous.session),
      ...(options.timer ? { timer: options.timer } : {}),
    });
    const committed = await this.#deps.store.commitTurn(write);
    if (committed !== "committed") return "conflict";
    if (write.timer instanceof Date) this.#deps.onTimerSet(write.timer);
    const after = sessionAfterTurn(previous.session, write);
    this.#sessions.set({
      session: after,
      customer: previous.customer,
      recentClientIds: rememberClientId(previous.recentClientIds, request?.clientMsgId),
    });
    if (released) publishHandoff(this.#deps.bus, released, options.releasedBy ?? "operator");
    const messages = publishTurn(this.#deps.bus, write);
    // The customer's own answer carries the news (a `handoff` frame): `cause: "turn"`.
    const handoff = write.handoff === "queue" ? presentHandoff(after) : undefined;
    if (handoff) publishHandoff(this.#deps.bus, handoff, "turn");
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

/** A committed turn; `receipt` is absent for the greeting of a session opened by a connect. */
type CommittedTurn = Omit<TurnReport, "receipt"> & { receipt: ChatMessage | undefined };

/** A turn in a handoff never queues again (the engine stays silent there); a release may. */
function handoffChange(queued: boolean, releasing: boolean, before: StoredSession | undefined): TurnWrite["handoff"] {
  if (releasing) return queued ? "queue" : "release";
  return queued && !(before && isWithOperator(before)) ? "queue" : null;
}

/** Only the holder releases, or ADMIN_TOKEN (which may also release a conversation nobody claimed). */
function checkCanRelease(session: StoredSession, by: Holder): void {
  if (!isWithOperator(session))
    throw new DomainError("CONFLICT", `session ${session.id} is not waiting for or held by an operator`);
  if (by.admin) return;
  if (session.handoff?.status !== "assigned" || session.handoff.operatorId !== by.operatorId)
    throw new DomainError("FORBIDDEN", `you do not hold session ${session.id}: claim it first`);
}

function sessionInfo(session: StoredSession, resumed: boolean): SessionInfo {
  return { sessionId: session.id, customerId: session.customerId, flowVersion: session.flowVersion, resumed };
}
