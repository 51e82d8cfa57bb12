import type { Request, Response, Server } from "restify";
import { z } from "zod";
import { storable } from "../chat/input-rules.ts";
import type { OperatorDirectory } from "../chat/operator-directory.ts";
import { DomainError } from "../domain-error.ts";
import type { OperatorGuard } from "./operator-guard.ts";
import { readBodyText } from "./read-body.ts";

const newOperator = z.strictObject({
  name: z
    .string({ error: "name must be a string" })
    .trim()
    .min(1, "name is empty")
    .max(100, "name: at most 100 characters")
    .superRefine(storable("name")),
});

/** `/operators`: who may work the handoff queue with a token of their own. ADMIN_TOKEN only. */
export function mountOperatorRoutes(
  server: Server,
  deps: { operators: OperatorDirectory; guard: OperatorGuard },
): void {
  const { operators, guard } = deps;

  server.post("/operators", async (request: Request, response: Response) => {
    guard(request);
    const { name } = parseNewOperator(await readBodyText(request, 4096));
    response.send(201, await operators.add(name));
  });

  server.get("/operators", async (request: Request, response: Response) => {
    guard(request);
    response.send(200, { operators: await operators.list() });
  });

  server.del("/operators/:id", async (request: Request, response: Response) => {
    guard(request);
    await operators.remove(String((request.params as Record<string, unknown>)["id"]));
    response.send(204);
  });
}

function parseNewOperator(body: string): z.infer<typeof newOperator> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new DomainError("BAD_REQUEST", 'the body must be JSON: {"name": "…"}');
  }
  const parsed = newOperator.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new DomainError("BAD_REQUEST", parsed.error.issues.map((issue) => issue.message).join("; "));
}
