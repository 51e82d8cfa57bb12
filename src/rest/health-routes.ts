import type { Server } from "restify";
import type { Metrics } from "../observability/metrics.ts";
import { mountGet } from "./mount-get.ts";

export interface HealthProbe {
  /** Resolves when the database answers; rejects otherwise. */
  ping(): Promise<void>;
}

/** `GET /healthz` (503 while the database does not answer) and `GET /metrics`. */
export function mountHealthRoutes(server: Server, probe: HealthProbe, metrics: Metrics): void {
  mountGet(server, "/healthz", async (_request, response) => {
    try {
      await withTimeout(probe.ping(), 2000);
      response.send(200, { status: "ok" });
    } catch (error) {
      response.send(503, { status: "unavailable", error: "UNAVAILABLE", message: describe(error) });
    }
  });
  mountGet(server, "/metrics", async (_request, response) => {
    const text = await metrics.registry.metrics();
    response.setHeader("content-type", metrics.registry.contentType);
    response.sendRaw(200, text);
  });
}

function describe(error: unknown): string {
  return `database does not answer: ${error instanceof Error ? error.message : String(error)}`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
