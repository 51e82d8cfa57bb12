import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** The product's Prometheus metrics, one registry per app so tests can run several apps. */
export interface Metrics {
  registry: Registry;
  connections: Gauge<"transport">;
  subscriptions: Gauge<"subscription">;
  turns: Counter<"transport" | "outcome">;
  turnSeconds: Histogram<"transport">;
  errors: Counter<"code">;
  commitBatchTurns: Histogram;
  commitSeconds: Histogram;
  /** Webhook deliveries waiting to be sent (or retried); read from the database when scraped. */
  webhookPending: Gauge;
  /** Webhook attempts by outcome: `delivered`, `failed` (given up), `retry`. */
  webhookDeliveries: Counter<"outcome">;
}

export interface MetricsSources {
  /** Counts the pending webhook deliveries when `/metrics` is scraped. @default nothing (the gauge stays 0) */
  pendingDeliveries?: () => Promise<number>;
}

export function createMetrics(sources: MetricsSources = {}): Metrics {
  const { pendingDeliveries } = sources;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "chatflow_process_" });
  return {
    registry,
    connections: new Gauge({
      name: "chatflow_connections",
      help: "Open client connections",
      labelNames: ["transport"],
      registers: [registry],
    }),
    subscriptions: new Gauge({
      name: "chatflow_graphql_subscriptions",
      help: "GraphQL subscriptions listening for events, by subscription field",
      labelNames: ["subscription"],
      registers: [registry],
    }),
    turns: new Counter({
      name: "chatflow_turns_total",
      help: "Customer messages processed, by how the turn ended",
      labelNames: ["transport", "outcome"],
      registers: [registry],
    }),
    turnSeconds: new Histogram({
      name: "chatflow_turn_duration_seconds",
      help: "Time from a customer message to the end of its turn, stored",
      labelNames: ["transport"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    commitBatchTurns: new Histogram({
      name: "chatflow_commit_batch_turns",
      help: "Turns written together in one transaction (group commit)",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [registry],
    }),
    commitSeconds: new Histogram({
      name: "chatflow_commit_duration_seconds",
      help: "Time to write one group of turns",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    webhookPending: new Gauge({
      name: "chatflow_webhook_deliveries_pending",
      help: "Webhook deliveries not yet delivered nor given up (all instances)",
      registers: [registry],
      ...(pendingDeliveries
        ? {
            async collect(this: Gauge) {
              try {
                this.set(await pendingDeliveries());
              } catch {
                // The database away must not fail the scrape: the last count stays.
              }
            },
          }
        : {}),
    }),
    webhookDeliveries: new Counter({
      name: "chatflow_webhook_deliveries_total",
      help: "Webhook delivery attempts by outcome: delivered, failed (given up after 24 h), retry",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    errors: new Counter({
      name: "chatflow_errors_total",
      help: "Errors answered to clients, by code",
      labelNames: ["code"],
      registers: [registry],
    }),
  };
}
