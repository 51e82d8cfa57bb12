import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startTestApp } from "../utils/start-test-app.ts";

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

describe("the HTTP server", () => {
  it("should answer /healthz with 200 while the database answers", async () => {
    const response = await fetch(`${app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("should serve Prometheus metrics", async () => {
    const response = await fetch(`${app.url}/metrics`);
    expect(response.headers.get("content-type")).toMatch(/text\/plain/);
    const text = await response.text();
    for (const name of [
      "chatflow_connections",
      "chatflow_turns_total",
      "chatflow_turn_duration_seconds",
      "chatflow_errors_total",
    ]) {
      expect(text).toContain(`# TYPE ${name}`);
    }
  });

  it("should answer an unknown route with a JSON 404", async () => {
    const response = await fetch(`${app.url}/no/such/route`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: "NOT_FOUND" });
  });

  it("should answer a wrong method with a JSON 405", async () => {
    const response = await fetch(`${app.url}/healthz`, { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({ error: "METHOD_NOT_ALLOWED" });
  });

  it("should refuse a WebSocket upgrade on an unknown path with 404", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${app.wsUrl}/elsewhere`);
      socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      socket.on("open", () => reject(new Error("upgrade accepted")));
      socket.on("error", () => {});
    });
    expect(status).toBe(404);
  });
});

describe("/healthz without a database", () => {
  it("should answer 503 once the database is closed", async () => {
    const other = await startTestApp();
    await other.database.close();
    const response = await fetch(`${other.url}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: "UNAVAILABLE" });
    await other.stop();
  });
});
