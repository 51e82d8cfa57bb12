import { DomainError } from "../domain-error.ts";
import {
  initialState,
  runTurn,
  type EngineEvent,
  type EnginePorts,
  type SessionState,
  type TurnResult,
} from "../engine/index.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { Store } from "../storage/store.ts";
import type { StoredCustomer, StoredSession } from "../storage/records.ts";
import type { NewMessage, TurnWrite } from "../storage/turn-writes.ts";
import type { ChatMessage, ConversationOpened, SessionInfo, TurnReport } from "./chat-types.ts";
import { createCustomerToken, customerTokenMatches, hashCustomerToken } from "./customer-tokens.ts";
import type { FlowCatalog } from "./flow-catalog.ts";
import { KeyedMutex } from "./keyed-mutex.ts";
import { toChatMessage, toFeedbackEvent, toTurnEnd } from "./present.ts";

export interface ChatServiceDeps {
  store: Store;
  flows: FlowCatalog;
  ports: EnginePorts;
  bus: EventBus;
  /** @default () => new Date() */
  now?: () => Date;
  /** @default crypto.randomUUID */
  newId?: () => string;
}

export interface ConnectRequest {
  customerId?: string | undefined;
  token?: string | undefined;
  name?: string | undefined;
  /** Resume the customer's active session if there is one. @default true */
  resume?: boolean;
}

export interface MessageRequest {
  sessionId: string;
  /** The authenticated customer sending it. */
  customerId: string;
  text: string;
  clientMsgId?: string | undefined;
}

const MAX_TURN_ATTEMPTS = 5;

/**
 * The one chat service every transport calls: it authenticates customers, opens or resumes
 * sessions, runs the engine and commits each turn in one transaction before anything is sent,
 * then publishes what it stored. Turns of one session never overlap: a per-session lock here,
 * and an optimistic turn counter in the database for other instances.
 */
export class ChatService {
  readonly #deps: Required<ChatServiceDeps>;
  readonly #locks = new KeyedMutex();
  /** Customer text of turns in flight, so `ai` blocks see the message they answer. */
  readonly #pendingText = new Map<string, string>();

  constructor(deps: ChatServiceDeps) {
    this.#deps = { now: () => new Date(), newId: () => crypto.randomUUID(), ...deps };
  }

  /** Authenticates or creates the customer, then resumes its active session or starts one. */
  async connect(request: ConnectRequest): Promise<ConversationOpened> {
    const { customer, token } = await this.authenticate(request);
    return this.openConversation(customer, token ?? request.token, request.resume !== false);
  }

  /** Resumes the authenticated customer's active session, or starts one. */
  async openConversation(
    customer: StoredCustomer,
    token: string | undefined,
    resume = true,
  ): Promise<ConversationOpened> {
    if (resume) {
      const active = await this.#deps.store.findActiveSession(customer.id);
      if (active) {
        const state = active.state as SessionState;
        return {
          session: sessionInfo(active, true),
          customerToken: token,
          messages: [],
          end: toTurnEnd(
            state.position
              ? { type: "waiting", blockId: active.currentBlockId ?? state.position.blockId }
              : { type: "ended" },
          ),
        };
      }
    }
    const opened = await this.#startSession(customer, undefined);
    return { session: opened.session, customerToken: token, messages: opened.botMessages, end: opened.end };
  }

  /** Checks a returning customer's token, or creates a customer (with the requested id, if any). */
  async authenticate(request: ConnectRequest): Promise<{ customer: StoredCustomer; token: string | undefined }> {
    const { store } = this.#deps;
    if (request.customerId) {
      const existing = await store.findCustomer(request.customerId);
      if (existing) {
        if (!customerTokenMatches(request.token, existing.tokenHash)) {
          throw new DomainError("UNAUTHORIZED", "this customer exists: connect with its customerToken");
        }
        if (request.name && request.name !== existing.name) await store.renameCustomer(existing.id, request.name);
        return { customer: { ...existing, name: request.name || existing.name }, token: undefined };
      }
    }
    const token = createCustomerToken();
    const customer = {
      id: request.customerId || this.#deps.newId(),
      name: request.name || null,
      tokenHash: hashCustomerToken(token),
    };
    if (!(await store.createCustomer(customer))) {
      throw new DomainError("UNAUTHORIZED", "this customer exists: connect with its customerToken");
    }
    return { customer, token };
  }

  /** Processes one customer message: stored, run through the flow, answered, published. */
  async sendMessage(request: MessageRequest): Promise<TurnReport> {
    return this.#locks.run(request.sessionId, async () => {
      for (let attempt = 1; ; attempt++) {
        const session = await this.#deps.store.findSession(request.sessionId);
        if (!session || session.customerId !== request.customerId) {
          throw new DomainError("NOT_FOUND", `session ${request.sessionId} does not exist`);
        }
        if (request.clientMsgId) {
          const repeated = await this.#repeatedMessage(session, request.clientMsgId);
          if (repeated) return repeated;
        }
        const customer = (await this.#deps.store.findCustomer(session.customerId))!;
        const report =
          session.status === "ended"
            ? await this.#startSession(customer, request)
            : await this.#continueSession(session, customer, request);
        if (report !== "conflict") return { ...report, receipt: report.receipt! };
        if (attempt >= MAX_TURN_ATTEMPTS) throw new DomainError("UNAVAILABLE", "the session is busy; try again");
      }
    });
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
    const context = stored.map((m) => ({ sender: m.sender, text: m.text }));
    if (pending !== undefined) context.push({ sender: "customer", text: pending });
    return context.slice(-limit);
  }

  async #repeatedMessage(session: StoredSession, clientMsgId: string): Promise<TurnReport | undefined> {
    const stored = await this.#deps.store.findMessageByClientId(session.id, clientMsgId);
    if (!stored) return undefined;
    const state = session.state as SessionState;
    const end =
      session.status === "ended" || !state.position
        ? ({ type: "ended" } as const)
        : ({ type: "waiting", blockId: state.position.blockId } as const);
    return { newSession: undefined, receipt: toChatMessage(stored), botMessages: [], end, duplicate: true };
  }

  async #continueSession(
    session: StoredSession,
    customer: StoredCustomer,
    request: MessageRequest,
  ): Promise<CommittedTurn | "conflict"> {
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
    return this.#commit(
      { session: sessionInfo(session, false), expectedTurn: session.turn, isNew: false },
      result,
      request,
    );
  }

  async #startSession(
    customer: StoredCustomer,
    request: MessageRequest | undefined,
  ): Promise<CommittedTurn & { session: SessionInfo }> {
    const { version, flow } = await this.#deps.flows.active();
    const sessionId = this.#deps.newId();
    const session: SessionInfo = { sessionId, customerId: customer.id, flowVersion: version.version, resumed: false };
    const event: EngineEvent = {
      type: "start",
      customer: { id: customer.id, name: customer.name },
      sessionId,
      ...(request ? { text: request.text } : {}),
    };
    const result = await this.#run(sessionId, request?.text, () =>
      runTurn(flow, initialState(), event, this.#deps.ports),
    );
    const report = await this.#commit({ session, expectedTurn: null, isNew: true }, result, request);
    if (report === "conflict") throw new Error("a new session cannot conflict");
    return { ...report, session };
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
    target: { session: SessionInfo; expectedTurn: number | null; isNew: boolean },
    result: TurnResult,
    request: MessageRequest | undefined,
  ): Promise<CommittedTurn | "conflict"> {
    const { store, bus, newId } = this.#deps;
    const now = this.#deps.now();
    const { sessionId, customerId, flowVersion } = target.session;
    const customerMessage: NewMessage | undefined = request && {
      id: newId(),
      sender: "customer",
      text: request.text,
      blockId: null,
      clientMsgId: request.clientMsgId ?? null,
      createdAt: now,
    };
    const botMessages: NewMessage[] = result.outputs.map((output, index) => ({
      id: newId(),
      sender: "bot",
      text: output.text,
      blockId: output.blockId,
      clientMsgId: null,
      // Distinct, ordered timestamps keep history ordered for readers that sort by time.
      createdAt: new Date(now.getTime() + index + 1),
    }));
    const write: TurnWrite = {
      sessionId,
      customerId,
      flowVersion,
      expectedTurn: target.expectedTurn,
      state: result.state,
      currentBlockId: result.outcome.type === "waiting" ? result.outcome.blockId : null,
      ended: result.outcome.type === "ended",
      messages: customerMessage ? [customerMessage, ...botMessages] : botMessages,
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
      now,
    };
    const committed = await store.commitTurn(write);
    if (committed === "conflict" || committed === "duplicate") return "conflict";
    const present = (m: NewMessage) => toChatMessage({ ...m, sessionId, customerId });
    const messages = write.messages.map(present);
    for (const message of messages) bus.publish({ kind: "session", sessionId }, { kind: "message", message });
    for (const feedback of write.feedback) {
      bus.publish(
        { kind: "feedback" },
        { kind: "feedback", feedback: toFeedbackEvent({ ...feedback, sessionId, customerId }) },
      );
    }
    return {
      newSession: target.isNew && request ? target.session : undefined,
      receipt: customerMessage ? messages[0] : undefined,
      botMessages: customerMessage ? messages.slice(1) : messages,
      end: toTurnEnd(result.outcome),
      duplicate: false,
    };
  }
}

/** A committed turn; `receipt` is absent for the greeting of a session opened by a connect. */
type CommittedTurn = Omit<TurnReport, "receipt"> & { receipt: ChatMessage | undefined };

function sessionInfo(session: StoredSession, resumed: boolean): SessionInfo {
  return { sessionId: session.id, customerId: session.customerId, flowVersion: session.flowVersion, resumed };
}
