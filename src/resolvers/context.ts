import type { AnalyticsService } from "../chat/analytics-service.ts";
import type { UnmatchedService } from "../chat/unmatched-service.ts";
import type { ChatService } from "../chat/chat-service.ts";
import type { FlowCatalog } from "../chat/flow-catalog.ts";
import type { Holder } from "../chat/handoff-records.ts";
import type { HandoffService } from "../chat/handoff-service.ts";
import type { HistoryService } from "../chat/history-service.ts";
import type { OperatorDirectory } from "../chat/operator-directory.ts";
import type { ReplayService } from "../chat/replay/replay-service.ts";
import { hashCustomerToken } from "../chat/customer-tokens.ts";
import { DomainError, rateLimited } from "../domain-error.ts";
import type { EventBus } from "../events/event-bus.ts";
import { tokensEqual } from "../http/operator-auth.ts";
import { AUTH_BLOCKED_MESSAGE, type AuthFailures } from "../limits/auth-failures.ts";
import type { StoredCustomer, StoredOperator, StoredSession } from "../storage/records.ts";
import type { Store } from "../storage/store.ts";
import type { WebhookService } from "../webhooks/webhook-service.ts";

export interface Services {
  chat: ChatService;
  history: HistoryService;
  analytics: AnalyticsService;
  replay: ReplayService;
  unmatched: UnmatchedService;
  handoffs: HandoffService;
  operators: OperatorDirectory;
  webhooks: WebhookService;
  flows: FlowCatalog;
  store: Store;
  bus: EventBus;
  adminToken: string | undefined;
  /** Wrong tokens per client address (see `resolveViewer`). */
  authFailures: AuthFailures;
  /** One token per `sendMessage`, keyed by the session's customer. */
  messageLimiter: { tryTake(customerId: string): boolean; retryAfterSeconds(customerId: string): number };
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
  /** The client's address (see `createClientAddress`): creating customers and sessions is limited by it. */
  address: string;
}

/**
 * Who presents `token` from `address`. A token that is neither `ADMIN_TOKEN`, an operator's nor
 * a customer's is `UNAUTHORIZED` and counts as a failed authentication of that address (while no
 * `ADMIN_TOKEN` is set every caller is an operator anyway, and an unknown token is only not a
 * customer's).
 */
export async function resolveViewer(services: Services, token: string | undefined, address: string): Promise<Viewer> {
  const { adminToken, authFailures } = services;
  if (token === undefined) return { operator: adminToken === undefined, customer: null, agent: null, token };
  if (authFailures.isBlocked(address)) throw rateLimited(AUTH_BLOCKED_MESSAGE, authFailures.retryAfterSeconds(address));
  if (adminToken !== undefined && tokensEqual(token, adminToken))
    return { operator: true, customer: null, agent: null, token };
  const customer = await services.store.findCustomerByTokenHash(hashCustomerToken(token));
  // Read on every request (no cache), so a removed operator's token fails at once.
  const agent = customer ? null : await services.operators.authenticate(token);
  if (!customer && !agent && adminToken !== undefined) {
    authFailures.recordFailure(address);
    throw new DomainError(
      "UNAUTHORIZED",
      "the bearer token is neither ADMIN_TOKEN nor an operator's or customer's token",
    );
  }
  return { operator: adminToken === undefined, customer, agent, token };
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

/** Operators only: a caller without a token is `UNAUTHORIZED`, a customer `FORBIDDEN`. */
export function requireOperator(viewer: Viewer): void {
  if (viewer.operator) return;
  if (viewer.token === undefined)
    throw new DomainError("UNAUTHORIZED", "operators only: send Authorization: Bearer <ADMIN_TOKEN>");
  throw new DomainError("FORBIDDEN", "operators only: a customer token does not reach this");
}

/** Operators reach everything; a customer reaches only its own data. */
export function requireCustomerOrOperator(viewer: Viewer, customerId: string): void {
  if (viewer.operator || viewer.customer?.id === customerId) return;
  throw new DomainError(
    viewer.customer || viewer.token ? "FORBIDDEN" : "UNAUTHORIZED",
    "you can only reach your own conversations",
  );
}
