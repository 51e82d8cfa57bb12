import { DomainError } from "../domain-error.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { HandoffStatusName, StoredSession } from "../storage/records.ts";
import type { Store } from "../storage/store.ts";
import type { ChatMessage, HandoffInfo } from "./chat-types.ts";
import { presentHandoff, publishHandoff, type Holder } from "./handoff-records.ts";
import { toChatMessage } from "./present.ts";

/** Most conversations one `handoffQueue` answer lists. @default 200 */
export const MAX_QUEUE_LENGTH = 200;

export interface HandoffServiceDeps {
  store: Store;
  bus: EventBus;
  /** @default () => new Date() */
  now?: () => Date;
  /** @default crypto.randomUUID */
  newId?: () => string;
}

/**
 * The operators' side of a handoff: the queue, claims and operator messages. Releasing runs a
 * turn of the flow, so it belongs to the chat service. Every change is announced on the bus,
 * so customers and queue watchers on any instance see it.
 */
export class HandoffService {
  readonly #deps: Required<HandoffServiceDeps>;

  constructor(deps: HandoffServiceDeps) {
    this.#deps = { now: () => new Date(), newId: () => crypto.randomUUID(), ...deps };
  }

  /**
   * The queue: by default what waits for an operator and what is being worked on. An operator
   * sees every queued conversation but, of the others, only those it holds (or released).
   */
  async queue(by: Holder, status: HandoffStatusName | undefined): Promise<HandoffInfo[]> {
    const statuses: HandoffStatusName[] = status ? [status] : ["queued", "assigned"];
    const sessions = await this.#deps.store.listHandoffs({ statuses, limit: MAX_QUEUE_LENGTH });
    return sessions.filter((session) => canSee(by, session)).map((session) => presentHandoff(session)!);
  }

  /** Claims a queued conversation; `CONFLICT` when someone else got it first. */
  async claim(sessionId: string, by: Holder): Promise<HandoffInfo> {
    const { store } = this.#deps;
    if (await store.claimHandoff(sessionId, by, this.#deps.now())) {
      const handoff = presentHandoff((await store.findSession(sessionId))!)!;
      publishHandoff(this.#deps.bus, handoff, "operator");
      return handoff;
    }
    const session = await store.findSession(sessionId);
    if (!session) throw new DomainError("NOT_FOUND", `session ${sessionId} does not exist`);
    if (session.handoff?.status === "assigned") {
      const who =
        session.handoff.operatorId === by.operatorId ? "you already hold" : `${session.handoff.operator} holds`;
      throw new DomainError("CONFLICT", `${who} session ${sessionId}`);
    }
    throw new DomainError("CONFLICT", `session ${sessionId} is not waiting for an operator`);
  }

  /** Stores an operator's message (only the holder's) and delivers it live; idempotent per clientMsgId. */
  async sendOperatorMessage(request: {
    sessionId: string;
    text: string;
    clientMsgId: string | undefined;
    by: Holder;
  }): Promise<ChatMessage> {
    const { store, bus } = this.#deps;
    const { sessionId, clientMsgId, by } = request;
    const session = await this.#heldSession(sessionId, by);
    if (clientMsgId) {
      const repeated = await this.#repeated(sessionId, clientMsgId);
      if (repeated) return repeated;
    }
    const message = {
      id: this.#deps.newId(),
      sessionId,
      customerId: session.customerId,
      text: request.text,
      clientMsgId: clientMsgId ?? null,
      operator: by.name,
      createdAt: this.#deps.now(),
    };
    const stored = await store.insertOperatorMessage(message, by);
    if (stored === "not-held") throw notHeld(sessionId);
    if (stored === "duplicate") return (await this.#repeated(sessionId, clientMsgId!))!;
    const chat = toChatMessage(stored);
    bus.publish({ kind: "session", sessionId }, { kind: "message", message: chat });
    return chat;
  }

  /** Whether an operator may read this session: queued, or held by it. ADMIN_TOKEN reads everything. */
  canRead(by: Holder, session: StoredSession): boolean {
    return by.admin || session.handoff?.status === "queued" || isHolder(by, session);
  }

  async #heldSession(sessionId: string, by: Holder): Promise<StoredSession> {
    const session = await this.#deps.store.findSession(sessionId);
    if (!session) throw new DomainError("NOT_FOUND", `session ${sessionId} does not exist`);
    if (session.handoff?.status !== "assigned" || !isHolder(by, session)) throw notHeld(sessionId);
    return session;
  }

  async #repeated(sessionId: string, clientMsgId: string): Promise<ChatMessage | undefined> {
    const stored = await this.#deps.store.findMessageByClientId(sessionId, clientMsgId);
    if (!stored) return undefined;
    if (stored.sender !== "operator")
      throw new DomainError("CONFLICT", `clientMsgId ${clientMsgId} is already used by another message of the session`);
    return toChatMessage(stored);
  }
}

function isHolder(by: Holder, session: StoredSession): boolean {
  return session.handoff?.status === "assigned" && session.handoff.operatorId === by.operatorId;
}

function canSee(by: Holder, session: StoredSession): boolean {
  if (by.admin || session.handoff?.status === "queued") return true;
  return session.handoff?.operatorId === by.operatorId;
}

function notHeld(sessionId: string): DomainError {
  return new DomainError("FORBIDDEN", `you do not hold session ${sessionId}: claim it first`);
}
