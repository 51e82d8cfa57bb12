import type { RateSettings } from "./token-bucket.ts";

/** Every abuse limit of the server; `src/config/env.ts` reads them from the environment. */
export interface LimitSettings {
  /** `/chat` messages of one connection (env `CHAT_MESSAGES_PER_SECOND`, `CHAT_MESSAGE_BURST`). @default 10/s, burst 20 */
  chatPerConnection: RateSettings;
  /** `/chat` messages of all connections from one IP address (env `CHAT_IP_MESSAGES_PER_SECOND`, `CHAT_IP_MESSAGE_BURST`). @default 50/s, burst 100 */
  chatPerIp: RateSettings;
  /** Rate-limited frames within `chatAbuseWindowMs` that close a `/chat` connection with 1008 (env `CHAT_ABUSE_LIMIT`); 0: never. @default 50 */
  chatAbuseLimit: number;
  /** @default 10000 (env `CHAT_ABUSE_WINDOW_MS`) */
  chatAbuseWindowMs: number;
  /** GraphQL `sendMessage` calls per customer (env `GRAPHQL_MESSAGES_PER_SECOND`, `GRAPHQL_MESSAGE_BURST`). @default 10/s, burst 20 */
  graphqlSendPerCustomer: RateSettings;
  /** Open WebSocket connections (`/chat` and `/graphql` together) per IP address (env `MAX_CONNECTIONS_PER_IP`); 0: no cap. @default 100 */
  maxConnectionsPerIp: number;
  /**
   * New customers per client address, on `/chat` and GraphQL together (env
   * `NEW_CUSTOMERS_PER_SECOND`, `NEW_CUSTOMER_BURST`). The burst lets a whole office behind one
   * NAT address start chatting at once; the rate bounds how fast one address grows the database.
   * @default 1/s, burst 50
   */
  customersPerIp: RateSettings;
  /** New sessions per client address, including a new customer's first (env `NEW_SESSIONS_PER_SECOND`, `NEW_SESSION_BURST`). @default 2/s, burst 100 */
  sessionsPerIp: RateSettings;
  /** Operations at once on one graphql-ws connection (env `GRAPHQL_WS_MAX_SUBSCRIPTIONS`); 0: no cap. @default 20 */
  maxOperationsPerSocket: number;
  /** Time a graphql-ws client has to send `connection_init` before 4408 (env `GRAPHQL_WS_INIT_TIMEOUT_MS`). @default 5000 */
  graphqlInitTimeoutMs: number;
  /**
   * Wrong tokens (`ADMIN_TOKEN` or a customer's) one client address may present per minute, on
   * REST, GraphQL and both WebSockets; past that every request of that address that presents a
   * token is refused with `RATE_LIMITED` until the minute's allowance refills (env
   * `AUTH_FAILURES_PER_MINUTE`); 0: no limit. @default 10
   */
  authFailuresPerMinute: number;
  /** Open HTTP connections to the server in all, WebSockets included (env `MAX_HTTP_CONNECTIONS`); past it a new connection is closed unanswered; 0: no cap. @default 10000 */
  maxHttpConnections: number;
  /** Open HTTP connections, WebSockets included, from one peer address (env `MAX_HTTP_CONNECTIONS_PER_IP`); not applied with `TRUST_PROXY`; 0: no cap. @default 200 */
  maxHttpConnectionsPerIp: number;
}

export const DEFAULT_LIMITS: LimitSettings = {
  chatPerConnection: { perSecond: 10, burst: 20 },
  chatPerIp: { perSecond: 50, burst: 100 },
  chatAbuseLimit: 50,
  chatAbuseWindowMs: 10_000,
  graphqlSendPerCustomer: { perSecond: 10, burst: 20 },
  maxConnectionsPerIp: 100,
  customersPerIp: { perSecond: 1, burst: 50 },
  sessionsPerIp: { perSecond: 2, burst: 100 },
  maxOperationsPerSocket: 20,
  graphqlInitTimeoutMs: 5000,
  authFailuresPerMinute: 10,
  maxHttpConnections: 10_000,
  maxHttpConnectionsPerIp: 200,
};
