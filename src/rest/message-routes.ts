import type { Request, Response, Server } from "restify";
import type { HistoryService } from "../chat/history-service.ts";
import { DomainError } from "../domain-error.ts";
import { mountGet } from "./mount-get.ts";
import type { OperatorGuard } from "./operator-guard.ts";

/** `GET /message/list`: a customer's history, newest page first, oldest first within a page. */
export function mountMessageRoutes(server: Server, deps: { history: HistoryService; guard: OperatorGuard }): void {
  mountGet(server, "/message/list", async (request: Request, response: Response) => {
    deps.guard(request);
    const query = new URL(request.url ?? "/", "http://localhost").searchParams;
    const customerId = query.get("customerId");
    if (!customerId) throw new DomainError("BAD_REQUEST", "customerId is required");
    const limitText = query.get("limit");
    // Digits only: Number() would also take `1e2`, `0x10` and ` 5`.
    const limit =
      limitText === null || limitText === "" ? undefined : /^\d{1,6}$/.test(limitText) ? Number(limitText) : Number.NaN;
    const page = await deps.history.messages(customerId, limit, query.get("before") ?? undefined);
    response.send(200, {
      customerId: page.customerId,
      messages: page.messages.map(({ id, sessionId, sender, text, blockId, operator, createdAt }) => ({
        id,
        sessionId,
        sender,
        text,
        blockId,
        ...(operator ? { operator } : {}),
        createdAt,
      })),
      nextCursor: page.nextCursor,
    });
  });
}
