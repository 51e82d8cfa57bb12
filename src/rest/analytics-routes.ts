import type { Request, Response, Server } from "restify";
import { parseAnalyticsRequest } from "../chat/analytics-request.ts";
import type { AnalyticsService } from "../chat/analytics-service.ts";
import type { UnmatchedService } from "../chat/unmatched-service.ts";
import { mountGet } from "./mount-get.ts";
import type { OperatorGuard } from "./operator-guard.ts";

/**
 * `GET /analytics?version=&from=&to=`: counts per flow version and per block;
 * `GET /analytics/unmatched?version=`: the lines no intent caught, grouped (docs/PROTOCOL.md, Insight).
 */
export function mountAnalyticsRoutes(
  server: Server,
  deps: { analytics: AnalyticsService; unmatched: UnmatchedService; guard: OperatorGuard },
): void {
  mountGet(server, "/analytics", async (request: Request, response: Response) => {
    deps.guard(request);
    const query = new URL(request.url ?? "/", "http://localhost").searchParams;
    const filter = parseAnalyticsRequest({
      version: query.get("version") ?? undefined,
      from: query.get("from") ?? undefined,
      to: query.get("to") ?? undefined,
    });
    response.send(200, await deps.analytics.report(filter));
  });

  mountGet(server, "/analytics/unmatched", async (request: Request, response: Response) => {
    deps.guard(request);
    const query = new URL(request.url ?? "/", "http://localhost").searchParams;
    const { version } = parseAnalyticsRequest({ version: query.get("version") ?? undefined });
    const report = await deps.unmatched.report({ version });
    // The body is the groups alone (docs/PROTOCOL.md); how they were formed goes in a header.
    response.header("Chatflow-Grouped-By", report.groupedBy);
    response.send(200, report.groups);
  });
}
