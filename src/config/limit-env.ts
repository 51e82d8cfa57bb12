import { z } from "zod";
import type { LimitSettings } from "../limits/limit-settings.ts";
import { normalizeOrigin } from "../limits/origin-policy.ts";

// An empty variable means "unset" (z.coerce would read "" as 0, which turns a limit off).
export const unsetIfEmpty = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** A rate in messages per second; 0 turns the limit off. */
const rate = z.preprocess(
  unsetIfEmpty,
  z.coerce.number({ error: "must be a number" }).min(0, "must be 0 (off) or more").optional(),
);
/** A count: bursts, caps, time-outs. */
const count = (min: number, meaning: string) =>
  z.preprocess(
    unsetIfEmpty,
    z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(min, `must be ${min} or more${meaning}`)
      .optional(),
  );

const origins = z.preprocess(
  unsetIfEmpty,
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return undefined;
      const list = value
        .split(",")
        .map((entry) => entry.trim())
        .filter((entry) => entry !== "");
      for (const entry of list) {
        if (!isOrigin(entry))
          context.addIssue({ code: "custom", message: `"${entry}" is not an origin like https://app.example.com` });
      }
      return list.map(normalizeOrigin);
    }),
);

/** Host names (no scheme, no port) a `Host` header may name besides loopback, IP addresses and `HOST`; `*`: any. */
const hosts = z.preprocess(
  unsetIfEmpty,
  z
    .string()
    .optional()
    .transform((value, context): string[] | "any" | undefined => {
      if (value === undefined) return undefined;
      const list = value
        .split(",")
        .map((entry) => entry.trim().toLowerCase().replace(/\.$/, ""))
        .filter((entry) => entry !== "");
      if (list.includes("*")) return "any";
      for (const entry of list) {
        if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(entry))
          context.addIssue({
            code: "custom",
            message: `"${entry}" is not a host name like chat.example.com (no scheme, no port)`,
          });
      }
      return list;
    }),
);

/** `scheme://host[:port]`, nothing more: a path, query or credentials would never match a browser's `Origin`. */
function isOrigin(entry: string): boolean {
  if (!URL.canParse(entry)) return false;
  const url = new URL(entry);
  return /^https?:$/.test(url.protocol) && url.pathname === "/" && !url.search && !url.hash && !url.username;
}

export const limitEnvSchema = z.object({
  CHAT_MESSAGES_PER_SECOND: rate,
  CHAT_MESSAGE_BURST: count(1, ""),
  CHAT_IP_MESSAGES_PER_SECOND: rate,
  CHAT_IP_MESSAGE_BURST: count(1, ""),
  CHAT_ABUSE_LIMIT: count(0, " (0: never close)"),
  CHAT_ABUSE_WINDOW_MS: count(1, ""),
  GRAPHQL_MESSAGES_PER_SECOND: rate,
  GRAPHQL_MESSAGE_BURST: count(1, ""),
  MAX_CONNECTIONS_PER_IP: count(0, " (0: no cap)"),
  NEW_CUSTOMERS_PER_SECOND: rate,
  NEW_CUSTOMER_BURST: count(1, ""),
  NEW_SESSIONS_PER_SECOND: rate,
  NEW_SESSION_BURST: count(1, ""),
  GRAPHQL_WS_MAX_SUBSCRIPTIONS: count(0, " (0: no cap)"),
  GRAPHQL_WS_INIT_TIMEOUT_MS: count(1, ""),
  AUTH_FAILURES_PER_MINUTE: count(0, " (0: no limit)"),
  MAX_HTTP_CONNECTIONS: count(0, " (0: no cap)"),
  MAX_HTTP_CONNECTIONS_PER_IP: count(0, " (0: no cap)"),
  ALLOWED_ORIGINS: origins,
  ALLOWED_HOSTS: hosts,
});

type LimitEnv = z.infer<typeof limitEnvSchema>;

/** Fills in the defaults of every limit variable left unset. */
export function readLimits(e: LimitEnv, defaults: LimitSettings): LimitSettings {
  return {
    chatPerConnection: {
      perSecond: e.CHAT_MESSAGES_PER_SECOND ?? defaults.chatPerConnection.perSecond,
      burst: e.CHAT_MESSAGE_BURST ?? defaults.chatPerConnection.burst,
    },
    chatPerIp: {
      perSecond: e.CHAT_IP_MESSAGES_PER_SECOND ?? defaults.chatPerIp.perSecond,
      burst: e.CHAT_IP_MESSAGE_BURST ?? defaults.chatPerIp.burst,
    },
    chatAbuseLimit: e.CHAT_ABUSE_LIMIT ?? defaults.chatAbuseLimit,
    chatAbuseWindowMs: e.CHAT_ABUSE_WINDOW_MS ?? defaults.chatAbuseWindowMs,
    graphqlSendPerCustomer: {
      perSecond: e.GRAPHQL_MESSAGES_PER_SECOND ?? defaults.graphqlSendPerCustomer.perSecond,
      burst: e.GRAPHQL_MESSAGE_BURST ?? defaults.graphqlSendPerCustomer.burst,
    },
    maxConnectionsPerIp: e.MAX_CONNECTIONS_PER_IP ?? defaults.maxConnectionsPerIp,
    customersPerIp: {
      perSecond: e.NEW_CUSTOMERS_PER_SECOND ?? defaults.customersPerIp.perSecond,
      burst: e.NEW_CUSTOMER_BURST ?? defaults.customersPerIp.burst,
    },
    sessionsPerIp: {
      perSecond: e.NEW_SESSIONS_PER_SECOND ?? defaults.sessionsPerIp.perSecond,
      burst: e.NEW_SESSION_BURST ?? defaults.sessionsPerIp.burst,
    },
    maxOperationsPerSocket: e.GRAPHQL_WS_MAX_SUBSCRIPTIONS ?? defaults.maxOperationsPerSocket,
    graphqlInitTimeoutMs: e.GRAPHQL_WS_INIT_TIMEOUT_MS ?? defaults.graphqlInitTimeoutMs,
    authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE ?? defaults.authFailuresPerMinute,
    maxHttpConnections: e.MAX_HTTP_CONNECTIONS ?? defaults.maxHttpConnections,
    maxHttpConnectionsPerIp: e.MAX_HTTP_CONNECTIONS_PER_IP ?? defaults.maxHttpConnectionsPerIp,
  };
}
