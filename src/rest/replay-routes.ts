import type { Request, Response, Server } from "restify";
import { parseReplayLast } from "../chat/replay/replay-request.ts";
import type { ReplayService } from "../chat/replay/replay-service.ts";
import { flowFormat, sendInvalidFlow } from "./config-routes.ts";
import type { OperatorGuard } from "./operator-guard.ts";
import { readBodyText } from "./read-body.ts";

/**
 * `POST /config/replay?last=N`: the stored conversations run through a candidate flow, taken and
 * refused exactly as `POST /config` takes it, and stored nowhere (docs/PROTOCOL.md, Insight).
 */
export function mountReplayRoutes(server: Server, deps: { replay: ReplayService; guard: OperatorGuard }): void {
  server.post("/config/replay", async (request: Request, response: Response) => {
    deps.guard(request);
    const query = new URL(request.url ?? "/", "http://localhost").searchParams;
    const last = parseReplayLast(query.get("last") ?? undefined);
    const format = flowFormat(request.headers["content-type"]);
    const outcome = await deps.replay.replay({ text: await readBodyText(request), format, last });
    if (!outcome.ok) return sendInvalidFlow(response, outcome);
    response.send(200, outcome.report);
  });
}
