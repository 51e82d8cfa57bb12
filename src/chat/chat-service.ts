import { DomainError } from "../domain-error.ts";
import {
  initialState,
  runTurn,
  type EngineEvent,
  type EnginePorts,
  type QuickReply,
  type RunnableFlow,
  type SessionState,
  type TurnResult,
} from "../engine/index.ts";
import type { ChatEvent, EventBus } from "../events/event-bus.ts";
import type { CreationGate } from "../limits/creation-limiter.ts";
import type { StoredCustomer, StoredSession } from "../storage/records.ts";
import type { Store } from "../storage/store.ts";
import { CustomerAdmission, type Admission, type ConnectRequest } from "./admission.ts";
import type { ConversationOpened, HandoffInfo, SessionInfo, TurnReport } from "./chat-types.ts";
import { currentEnd } from "./current-end.ts";
import type { FlowCatalog } from "./flow-catalog.ts";
import { isWithOperator, presentHandoff, type Holder } from "./handoff-records.ts";
import { toChatMessage } from "./present.ts";
import { ServerTurns } from "./server-turns.ts";
import type { CachedSession } from "./session-cache.ts";
import { MAX_TURN_ATTEMPTS, SessionTurns, sessionInfo, type CommittedTurn } from "./session-turns.ts";

export type { Admission, ConnectRequest } from "./admission.ts";

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
  /**
   * Told as a conversation opens or resumes on `flow`, before its first turn: what its turns will
   * need can load meanwhile (the offline classifiers and the flow's intent prototypes do).
   * @default nothing
   */
  onConversationOpening?: (flow: RunnableFlow) => void;
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

const OPEN_GATE: CreationGate = { tryCreate: () => true, retryAfterSeconds: () => 0 };

/**
 * The one chat service every transport calls: it lets customers in (`CustomerAdmission`),
 * opens or resumes sessions, runs the engine on each customer message and commits the turn
 * (grouped with other sessions' turns) before anything is sent, then publishes what it stored;
 * the turns the server starts (a release, a timer) are `ServerTurns`'. Sessions stay in memory
 * between turns; turns of one session never overlap: a per-session lock here, and an
 * optimistic turn counter in the database for other instances (a stale cached session fails
 * it and is reloaded). See `SessionTurns`.
 */
export class ChatService {
  readonly #deps: Pick<Required<ChatServiceDeps>, "store" | "flows" | "ports" | "bus" | "newId">;
  readonly #admission: CustomerAdmission;
  readonly #turns: SessionTurns;
  readonly #server: ServerTurns;
  /** Customer text of turns in flight, so `ai` blocks see the message they answer. */
  readonly #pendingText = new Map<string, string>();
  readonly #opening: (flow: RunnableFlow) => void;

  constructor(deps: ChatServiceDeps) {
    const now = deps.now ?? (() => new Date());
    const newId = deps.newId ?? (() => crypto.randomUUID());
    this.#deps = { store: deps.store, flows: deps.flows, ports: deps.ports, bus: deps.bus, newId };
    this.#opening = deps.onConversationOpening ?? (() => {});
    this.#admission = new CustomerAdmission({
      store: deps.store,
      newId,
      creations: deps.creations ?? OPEN_GATE,
      customerIdSecret: deps.customerIdSecret,
    });
    this.#turns = new SessionTurns({
      store: deps.store,
      flows: deps.flows,
      bus: deps.bus,
      now,
      newId,
      onTimerSet: deps.onTimerSet ?? (() => {}),
    });
    this.#server = new ServerTurns({ turns: this.#turns, flows: deps.flows, ports: deps.ports, bus: deps.bus, now });
  }

  /** Authenticates or creates the customer, then resumes its active session or starts one. */
  async connect(request: ConnectRequest): Promise<ConversationOpened> {
    return this.openConversation(await this.admit(request));
  }

  /** See `CustomerAdmission.admit`: nothing is created past the address's limits. */
  admit(request: ConnectRequest): Promise<Admission> {
    return this.#admission.admit(request);
  }

  /** Resumes the admitted customer's active session, or starts the one `admit` charged for. */
  async openConversation(admission: Admission): Promise<ConversationOpened> {
    const { customer, token, active } = admission;
    if (active) {
      // Not awaited: a resume does not wait for its flow to be read (a cached flow is at once).
      this.#deps.flows.flow(active.flowVersion).then(this.#opening, () => {});
      this.#turns.remember({ session: active, customer, recentClientIds: [] });
      return {
        session: sessionInfo(active, true),
        customerToken: token,
        messages: [],
        end: await this.#turns.currentEnd(active),
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
    return this.#turns.locked(request.sessionId, async () => {
      try {
        return await this.#sendMessage(request);
      } catch (error) {
        // A commit that failed (the database went away, say) may still have been written:
        // the next turn reloads the session from the database instead of trusting the cache.
        if (!(error instanceof DomainError)) this.#turns.forget(request.sessionId);
        throw error;
      }
    });
  }

  /** See `ServerTurns.release`. */
  release(request: { sessionId: string; goto?: string | undefined; by: Holder }): Promise<HandoffInfo> {
    return this.#server.release(request);
  }

  /** See `ServerTurns.fireTimer`. */
  fireTimer(sessionId: string, dueAt: Date): Promise<"fired" | "stale"> {
    return this.#server.fireTimer(sessionId, dueAt);
  }

  /** The quick replies offered at the wait block a session waits at (none: `undefined`). */
  async offeredOptions(session: StoredSession): Promise<QuickReply[] | undefined> {
    const end = await this.#turns.currentEnd(session);
    return end.type === "waiting" ? end.options : undefined;
  }

  /** Everything announced about one session (messages from any transport, handoff changes), on any instance. */
  watch(sessionId: string, listener: (event: ChatEvent) => void): () => void {
    return this.#deps.bus.subscribe({ kind: "session", sessionId }, listener);
  }

  /** Waits for every turn in flight: part of a graceful shutdown. */
  drain(): Promise<void> {
    return this.#turns.drain();
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

  async #sendMessage(request: MessageRequest): Promise<TurnReport> {
    for (let attempt = 1; ; attempt++) {
      const cached = this.#turns.cached(request.sessionId);
      const entry = cached ?? (await this.#turns.load(request.sessionId));
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
      if (ended) this.#admission.charge(request.address, "session");
      const turn = ended
        ? await this.#startSession(entry.customer, request)
        : await this.#continueSession(entry, request);
      if (turn !== "conflict") return { ...turn, receipt: turn.receipt! };
      this.#turns.forget(request.sessionId);
      if (attempt >= MAX_TURN_ATTEMPTS) throw new DomainError("UNAVAILABLE", "the session is busy; try again");
    }
  }

  async #repeatedMessage(session: StoredSession, clientMsgId: string): Promise<TurnReport | undefined> {
    const stored = await this.#deps.store.findMessageByClientId(session.id, clientMsgId);
    if (!stored) return undefined;
    const fresh = (await this.#deps.store.findSession(session.id)) ?? session;
    return {
      newSession: undefined,
      receipt: toChatMessage(stored),
      botMessages: [],
      end: await this.#turns.currentEnd(fresh),
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
      return this.#turns.commit(entry, sessionInfo(session, false), silent, request, { timer: "keep" });
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
    return this.#turns.commit(entry, sessionInfo(session, false), result, request);
  }

  async #startSession(
    customer: StoredCustomer,
    request: MessageRequest | undefined,
  ): Promise<CommittedTurn & { session: SessionInfo }> {
    const { version, flow } = await this.#deps.flows.forNewSession();
    this.#opening(flow);
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
    const turn = await this.#turns.commit(
      { customer, session: undefined, recentClientIds: [] },
      session,
      result,
      request,
    );
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
}
