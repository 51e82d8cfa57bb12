import type { Request, Response, Server } from "restify";
import type { FlowCatalog, FlowFormat } from "../chat/flow-catalog.ts";
import { DomainError } from "../domain-error.ts";
import { flowJsonSchema, type FlowProblem } from "../engine/index.ts";
import type { Store } from "../storage/store.ts";
import { ifNoneMatchHits } from "../http/conditional.ts";
import { sendInPieces } from "../http/send-in-pieces.ts";
import { mountGet } from "./mount-get.ts";
import { readBodyText } from "./read-body.ts";
import type { OperatorGuard } from "./operator-guard.ts";

/** `/config…`: upload, read, list, re-activate flow versions, and the flow JSON Schema (docs/PROTOCOL.md, Routes). */
export function mountConfigRoutes(
  server: Server,
  deps: { flows: FlowCatalog; store: Store; guard: OperatorGuard },
): void {
  const { flows, store, guard } = deps;

  server.post("/config", async (request: Request, response: Response) => {
    guard(request);
    const format = flowFormat(request.headers["content-type"]);
    const upload = await flows.upload(await readBodyText(request), format);
    if (!upload.ok) return sendInvalidFlow(response, upload);
    response.header("Location", "/config");
    response.send(201, {
      version: upload.version.version,
      checksum: upload.version.checksum,
      warnings: upload.warnings,
    });
  });

  mountGet(server, "/config", async (request: Request, response: Response) => {
    guard(request);
    const { version } = await flows.active();
    // A YAML upload has two representations, told apart by Accept: each has its own tag.
    const wantsYaml = version.sourceType === "yaml" && /yaml/.test(request.headers.accept ?? "");
    const etag = wantsYaml ? `"${version.checksum}.yaml"` : `"${version.checksum}"`;
    response.header("ETag", etag);
    response.header("Vary", "Accept");
    response.header("X-Flow-Version", String(version.version));
    if (ifNoneMatchHits(request.headers["if-none-match"], etag)) return void response.send(304);
    const body = Buffer.from(
      wantsYaml ? version.source : version.sourceType === "json" ? version.source : version.definition,
    );
    response.header("content-type", wantsYaml ? "application/yaml" : "application/json");
    response.header("content-length", String(body.length));
    response.statusCode = 200;
    await sendInPieces(response, body);
  });

  mountGet(server, "/config/versions", async (request: Request, response: Response) => {
    guard(request);
    const versions = await store.listFlowVersions();
    const active = await store.findActiveFlowVersionNumber();
    response.send(200, {
      versions: versions.map((v) => ({
        version: v.version,
        name: v.name,
        checksum: v.checksum,
        createdAt: v.createdAt,
        active: v.version === active,
      })),
    });
  });

  server.post("/config/versions/:version/activate", async (request: Request, response: Response) => {
    guard(request);
    const raw = String((request.params as Record<string, unknown>)["version"]);
    // Only digits name a version: `1e3`, `0x10` or ` 7` would pass Number().
    const version = /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(await flows.activate(version))) {
      throw new DomainError("NOT_FOUND", `flow version ${raw} does not exist`);
    }
    response.send(200, { version, active: true });
  });

  mountGet(server, "/config/schema", async (_request: Request, response: Response) => {
    response.header("content-type", "application/schema+json");
    response.sendRaw(200, JSON.stringify(flowJsonSchema(), null, 2));
  });
}

/** `400 INVALID_FLOW` with the problems, as `POST /config` and `POST /config/replay` answer a flow they refuse. */
export function sendInvalidFlow(response: Response, refused: { errors: FlowProblem[]; warnings: FlowProblem[] }): void {
  response.send(400, {
    error: "INVALID_FLOW",
    message: describeErrors(refused.errors.length),
    errors: refused.errors,
    warnings: refused.warnings,
  });
}

/** The flow's format from the request's content type; others are `415`. */
export function flowFormat(contentType: string | undefined): FlowFormat {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/json") return "json";
  if (type === "application/yaml" || type === "application/x-yaml" || type === "text/yaml" || type === "text/x-yaml")
    return "yaml";
  throw new DomainError("UNSUPPORTED_MEDIA_TYPE", "send the flow as application/json or application/yaml");
}

function describeErrors(count: number): string {
  return `the flow has ${count} problem${count === 1 ? "" : "s"}`;
}
