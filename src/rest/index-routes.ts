import type { Request, Response, Server } from "restify";
import { mountGet } from "./mount-get.ts";

const ENDPOINTS = [
  { method: "GET", path: "/chat", description: "the chat itself: a WebSocket of JSON frames (upgrade required)" },
  { method: "POST", path: "/graphql", description: "GraphQL; GraphiQL in a browser (GET), graphql-ws subscriptions" },
  { method: "POST", path: "/config", description: "upload a flow (JSON or YAML); it becomes active" },
  { method: "GET", path: "/config", description: "the active flow" },
  { method: "GET", path: "/config/versions", description: "every flow version, newest first" },
  { method: "POST", path: "/config/versions/:version/activate", description: "re-activate a flow version" },
  { method: "GET", path: "/config/schema", description: "the flow format as JSON Schema" },
  {
    method: "POST",
    path: "/config/replay?last=…",
    description: "replay the newest stored conversations against a candidate flow; nothing stored",
  },
  { method: "GET", path: "/message/list?customerId=…", description: "a customer's message history, paged" },
  { method: "GET", path: "/analytics?version=…", description: "a flow version's analytics: drop-off per block" },
  {
    method: "GET",
    path: "/analytics/unmatched?version=…",
    description: "the customer lines no intent caught, grouped by topic",
  },
  { method: "POST", path: "/webhooks", description: "register a webhook: signed events to your systems" },
  { method: "GET", path: "/webhooks/:id/deliveries", description: "a webhook's deliveries, newest first" },
  { method: "GET", path: "/healthz", description: "200 while the database answers" },
  { method: "GET", path: "/metrics", description: "Prometheus metrics" },
];

/** `GET /`: what this server offers; `GET /chat` without a WebSocket upgrade: how to use it. */
export function mountIndexRoutes(server: Server): void {
  mountGet(server, "/", (_request: Request, response: Response, next) => {
    response.send(200, { name: "chatflow", endpoints: ENDPOINTS });
    next();
  });
  mountGet(server, "/chat", (_request: Request, response: Response, next) => {
    response.header("Upgrade", "websocket");
    response.header("Connection", "Upgrade");
    response.send(426, {
      error: "UPGRADE_REQUIRED",
      message:
        "/chat is a WebSocket endpoint: connect to ws://<host>/chat with a WebSocket client (or run `npx chatflow chat`)",
    });
    next();
  });
}
