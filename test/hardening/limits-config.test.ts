import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/env.ts";
import { DEFAULT_LIMITS } from "../../src/limits/limit-settings.ts";

const problems = (env: Record<string, string>) => {
  const parsed = parseConfig(env);
  return parsed.ok ? [] : parsed.problems;
};

describe("limit variables", () => {
  it("should apply the documented defaults, and read an empty variable as unset", () => {
    const parsed = parseConfig({ CHAT_MESSAGES_PER_SECOND: "", MAX_CONNECTIONS_PER_IP: " ", ALLOWED_ORIGINS: "" });
    expect(parsed.ok && parsed.config.limits).toEqual(DEFAULT_LIMITS);
    expect(DEFAULT_LIMITS).toMatchObject({
      chatPerConnection: { perSecond: 10, burst: 20 },
      chatPerIp: { perSecond: 50, burst: 100 },
      chatAbuseLimit: 50,
      chatAbuseWindowMs: 10_000,
      maxConnectionsPerIp: 100,
      maxOperationsPerSocket: 20,
      graphqlInitTimeoutMs: 5000,
      customersPerIp: { perSecond: 1, burst: 50 },
      sessionsPerIp: { perSecond: 2, burst: 100 },
      maxHttpConnections: 10_000,
      maxHttpConnectionsPerIp: 200,
    });
    expect(parsed.ok && [parsed.config.allowedOrigins, parsed.config.trustProxy]).toEqual([undefined, false]);
  });

  it("should read every limit variable", () => {
    const parsed = parseConfig({
      CHAT_MESSAGES_PER_SECOND: "0.5",
      CHAT_MESSAGE_BURST: "5",
      CHAT_IP_MESSAGES_PER_SECOND: "0",
      CHAT_IP_MESSAGE_BURST: "7",
      CHAT_ABUSE_LIMIT: "0",
      CHAT_ABUSE_WINDOW_MS: "1000",
      GRAPHQL_MESSAGES_PER_SECOND: "2",
      GRAPHQL_MESSAGE_BURST: "3",
      MAX_CONNECTIONS_PER_IP: "0",
      GRAPHQL_WS_MAX_SUBSCRIPTIONS: "4",
      GRAPHQL_WS_INIT_TIMEOUT_MS: "250",
      NEW_CUSTOMERS_PER_SECOND: "0.2",
      NEW_CUSTOMER_BURST: "10",
      NEW_SESSIONS_PER_SECOND: "0",
      NEW_SESSION_BURST: "30",
      MAX_HTTP_CONNECTIONS: "0",
      MAX_HTTP_CONNECTIONS_PER_IP: "7",
      ALLOWED_ORIGINS: "https://App.example:443/, http://localhost:3000",
      TRUST_PROXY: "1",
    });
    expect(parsed.ok && parsed.config).toMatchObject({
      limits: {
        chatPerConnection: { perSecond: 0.5, burst: 5 },
        chatPerIp: { perSecond: 0, burst: 7 },
        chatAbuseLimit: 0,
        chatAbuseWindowMs: 1000,
        graphqlSendPerCustomer: { perSecond: 2, burst: 3 },
        maxConnectionsPerIp: 0,
        maxOperationsPerSocket: 4,
        graphqlInitTimeoutMs: 250,
        customersPerIp: { perSecond: 0.2, burst: 10 },
        sessionsPerIp: { perSecond: 0, burst: 30 },
        maxHttpConnections: 0,
        maxHttpConnectionsPerIp: 7,
      },
      allowedOrigins: ["https://app.example", "http://localhost:3000"],
      trustProxy: true,
    });
  });

  it.each([
    [{ CHAT_MESSAGES_PER_SECOND: "fast" }, "CHAT_MESSAGES_PER_SECOND: must be a number"],
    [{ CHAT_IP_MESSAGES_PER_SECOND: "-1" }, "CHAT_IP_MESSAGES_PER_SECOND: must be 0 (off) or more"],
    [{ CHAT_MESSAGE_BURST: "0" }, "CHAT_MESSAGE_BURST: must be 1 or more"],
    [{ GRAPHQL_MESSAGE_BURST: "2.5" }, "GRAPHQL_MESSAGE_BURST: must be a whole number"],
    [{ MAX_CONNECTIONS_PER_IP: "-5" }, "MAX_CONNECTIONS_PER_IP: must be 0 or more (0: no cap)"],
    [{ MAX_HTTP_CONNECTIONS_PER_IP: "1.5" }, "MAX_HTTP_CONNECTIONS_PER_IP: must be a whole number"],
    [{ GRAPHQL_WS_INIT_TIMEOUT_MS: "0" }, "GRAPHQL_WS_INIT_TIMEOUT_MS: must be 1 or more"],
    [{ TRUST_PROXY: "yes" }, "TRUST_PROXY: must be 1 or 0"],
    [{ NEW_CUSTOMERS_PER_SECOND: "-1" }, "NEW_CUSTOMERS_PER_SECOND: must be 0 (off) or more"],
    [{ NEW_SESSION_BURST: "0" }, "NEW_SESSION_BURST: must be 1 or more"],
    [
      { ALLOWED_ORIGINS: "app.example" },
      'ALLOWED_ORIGINS: "app.example" is not an origin like https://app.example.com',
    ],
    [
      { ALLOWED_ORIGINS: "https://app.example/path" },
      'ALLOWED_ORIGINS: "https://app.example/path" is not an origin like https://app.example.com',
    ],
  ])("should refuse %o with one line naming the variable", (env, line) => {
    expect(problems(env)).toEqual([line]);
  });
});
