import type { ChatService } from "../chat/chat-service.ts";
import type { FlowCatalog } from "../chat/flow-catalog.ts";
import type { Holder } from "../chat/handoff-records.ts";
import type { HandoffService } from "../chat/handoff-service.ts";
import type { HistoryService } from "../chat/history-service.ts";
import type { OperatorDirectory } from "../chat/operator-directory.ts";
import { hashCustomerToken } from "../chat/customer-tokens.ts";
import { DomainError } from "../domain-error.ts";
import type { EventBus } from "../events/event-bus.ts";
import { isOperatorToken } from "../http/operator-auth.ts";
import type { StoredCustomer, StoredOperator, StoredSession } from "../storage/records.ts";
import type { Store } from "../storage/store.ts";

export interface Services {
  chat: ChatService;
  history: HistoryService;
  handoffs: HandoffService;
  operators: OperatorDirectory;
  flows: FlowCatalog;
  store: Store;
  bus: EventBus;
  adminToken: string | undefined;
  /** One token per `sendMessage`, keyed by the session's customer. */
  messageLimiter: { tryTake(customerId: string): boolean };
  /** Told how each `sendMessage` turn ended and how long it took (metrics). */
  recordTurn: (outcome: "waiting" | "ended", seconds: number) => void;
  /** Counts the subscriptions listening on the bus (metrics). */
  subscriptions: {
    inc(labels: { subscription: SubscriptionField }): void;
    dec(labels: { subscription: SubscriptionField }): void;
  };
}

export type SubscriptionField = "conversation" | "feedbackReceived" | "handoffUpdated";

/**
 * Who is asking: `operator` is ADMIN_TOKEN (everyone while no ADMIN_TOKEN is set), `customer` a
 * customer by its token, `agent` someone who works the handoff queue with an operator token.
 */
export interface Viewer {
  operator: boolean;
  customer: StoredCustomer | null;
  agent: StoredOperator | null;
  token: string | undefined;
}

/** The name customers see when ADMIN_TOKEN (not an operator of its own) takes a conversation. @default "Support" */
export const ADMIN_OPERATOR_NAME = "Support";

export interface GraphQLContext {
  viewer: Viewer;
  services: Services;
}

export async function resolveViewer(services: Services, token: string | undefined): Promise<Viewer> {
  const operator = isOperatorToken(token, services.adminToken);
  const customer =
    token && token !== services.adminToken
      ? await services.store.findCustomerByTokenHash(hashCustomerToken(token))
      : null;
  // Read on every request (no cache), so a removed operator's token fails at once.
  const agent =
    token && !customer && token !== services.adminToken ? await services.operators.authenticate(token) : null;
  return { operator, customer, agent, token };
}

/** The handoff operations' caller: an operator or ADMIN_TOKEN; customers and strangers are refused. */
export function requireHolder(viewer: Viewer): Holder {
  if (viewer.agent) return { operatorId: viewer.agent.id, name: viewer.agent.name, admin: viewer.operator };
  if (viewer.operator) return { operatorId: null, name: ADMIN_OPERATOR_NAME, admin: true };
  throw new DomainError(
    viewer.customer ? "FORBIDDEN" : "UNAUTHORIZED",
    "operators only: send Authorization: Bearer <operator token or ADMIN_TOKEN>",
  );
}

/** A session's conversation: its customer, ADMIN_TOKEN, or an operator while it is queued or held by it. */
export function requireSessionReader(viewer: Viewer, services: Services, session: StoredSession): void {
  if (viewer.agent && services.handoffs.canRead(requireHolder(viewer), session)) return;
  requireCustomerOrOperator(viewer, session.customerId);
}

export function requireOperator(viewer: Viewer): void {
  if (!viewer.operator) throw new DomainError("FORBIDDEN", "operators only: send Authorization: Bearer <ADMIN_TOKEN>");
}

/** Operators reach everything; a customer reaches only its own data. */
export function requireCustomerOrOperator(viewer: Viewer, customerId: string): void {
  if (viewer.operator || viewer.customer?.id === customerId) return;
  throw new DomainError(
    viewer.customer || viewer.token ? "FORBIDDEN" : "UNAUTHORIZED",
    "you can only reach your own conversations",
  );
}
