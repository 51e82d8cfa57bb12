import type { ChatService } from "../chat/chat-service.ts";
import type { FlowCatalog } from "../chat/flow-catalog.ts";
import type { HistoryService } from "../chat/history-service.ts";
import { hashCustomerToken } from "../chat/customer-tokens.ts";
import { DomainError } from "../domain-error.ts";
import type { EventBus } from "../events/event-bus.ts";
import { isOperatorToken } from "../http/operator-auth.ts";
import type { StoredCustomer } from "../storage/records.ts";
import type { Store } from "../storage/store.ts";

export interface Services {
  chat: ChatService;
  history: HistoryService;
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

export type SubscriptionField = "conversation" | "feedbackReceived";

/** Who is asking: an operator, a customer (by its token), or both while no ADMIN_TOKEN is set. */
export interface Viewer {
  operator: boolean;
  customer: StoredCustomer | null;
  token: string | undefined;
}

export interface GraphQLContext {
  viewer: Viewer;
  services: Services;
  /** The client's address (see `createClientAddress`): creating customers and sessions is limited by it. */
  address: string;
}

export async function resolveViewer(services: Services, token: string | undefined): Promise<Viewer> {
  const operator = isOperatorToken(token, services.adminToken);
  const customer =
    token && token !== services.adminToken
      ? await services.store.findCustomerByTokenHash(hashCustomerToken(token))
      : null;
  return { operator, customer, token };
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
