/**
 * Turns the abuse limits off for tests that drive load from one address on purpose (outages,
 * signals, benchmarks): they measure faults, not rate limiting, which test/hardening covers.
 */
export const NO_ABUSE_LIMITS: Record<string, string> = {
  CHAT_MESSAGES_PER_SECOND: "0",
  CHAT_IP_MESSAGES_PER_SECOND: "0",
  CHAT_ABUSE_LIMIT: "0",
  GRAPHQL_MESSAGES_PER_SECOND: "0",
  MAX_CONNECTIONS_PER_IP: "0",
  NEW_CUSTOMERS_PER_SECOND: "0",
  NEW_SESSIONS_PER_SECOND: "0",
  MAX_HTTP_CONNECTIONS: "0",
  MAX_HTTP_CONNECTIONS_PER_IP: "0",
};
