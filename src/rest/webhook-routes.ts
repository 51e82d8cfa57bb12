import type { Request, Response, Server } from "restify";
import { DomainError } from "../domain-error.ts";
import { parseDeliveryStatus, parseNewWebhook } from "../webhooks/parse-webhook-input.ts";
import type { WebhookService } from "../webhooks/webhook-service.ts";
import { mountGet } from "./mount-get.ts";
import type { OperatorGuard } from "./operator-guard.ts";
import { readBodyText } from "./read-body.ts";

/** `/webhooks`: signed event deliveries to the business's systems. ADMIN_TOKEN only. */
export function mountWebhookRoutes(server: Server, deps: { webhooks: WebhookService; guard: OperatorGuard }): void {
  const { webhooks, guard } = deps;
  const param = (request: Request, name: string) => String((request.params as Record<string, unknown>)[name]);

  server.post("/webhooks", async (request: Request, response: Response) => {
    guard(request);
    const body = await readBodyText(request, 16 * 1024);
    response.send(201, await webhooks.add(parseNewWebhook(parseJson(body))));
  });

  mountGet(server, "/webhooks", async (request: Request, response: Response) => {
    guard(request);
    response.send(200, { webhooks: await webhooks.list() });
  });

  server.del("/webhooks/:id", async (request: Request, response: Response) => {
    guard(request);
    await webhooks.remove(param(request, "id"));
    response.send(204);
  });

  mountGet(server, "/webhooks/:id/deliveries", async (request: Request, response: Response) => {
    guard(request);
    const query = new URL(request.url ?? "/", "http://localhost").searchParams;
    const status = parseDeliveryStatus(query.get("status") ?? undefined);
    response.send(200, { deliveries: await webhooks.deliveries(param(request, "id"), status) });
  });

  server.post("/webhooks/deliveries/:id/redeliver", async (request: Request, response: Response) => {
    guard(request);
    await webhooks.redeliver(param(request, "id"));
    response.send(202, { id: param(request, "id"), status: "pending" });
  });
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new DomainError(
      "BAD_REQUEST",
      'the body must be JSON: {"url": "https://…", "events": ["conversation.ended"]}',
    );
  }
}
