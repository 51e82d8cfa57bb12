import { createClient, type Client } from "graphql-ws";
import { GraphQLClient } from "graphql-request";
import { expect } from "vitest";
import WebSocket from "ws";
import type { Metrics } from "../../src/observability/metrics.ts";
import { HANG_MS } from "./patience.ts";
import type { SubscriptionField } from "../../src/resolvers/context.ts";

export function httpGraphql(baseUrl: string, token?: string): GraphQLClient {
  return new GraphQLClient(`${baseUrl}/graphql`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

export function wsGraphql(wsUrl: string, token?: string): Client {
  return createClient({
    url: `${wsUrl}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
  });
}

/** Subscribes and collects every value; `ready` resolves once the server acknowledged the socket. */
export function collect<T>(client: Client, query: string, variables: Record<string, unknown>) {
  const values: T[] = [];
  const errors: unknown[] = [];
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => (value.data ? values.push(value.data) : errors.push(value.errors)),
      error: (e) => errors.push(e),
      complete: () => {},
    },
  );
  return { values, errors, dispose };
}

/** Retries `check` until it passes; gives up (with its last error) only after a hang. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = HANG_MS): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** How many GraphQL subscriptions of this field the app has listening on its bus (graphql-ws acknowledges none). */
export async function listening(metrics: Metrics, subscription: SubscriptionField): Promise<number> {
  const { values } = await metrics.subscriptions.get();
  return values.find((value) => value.labels.subscription === subscription)?.value ?? 0;
}

/** Resolves once at least `count` subscriptions of this field listen on the app's bus. */
export function untilListening(metrics: Metrics, subscription: SubscriptionField, count = 1): Promise<void> {
  return eventually(async () => expect(await listening(metrics, subscription)).toBeGreaterThanOrEqual(count));
}
