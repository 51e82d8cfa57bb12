import type { Request, Response, Server } from "restify";
import type { FlowCatalog, FlowFormat } from "../chat/flow-catalog.ts";
import { DomainError } from "../domain-error.ts";
import { flowJsonSchema } from "../engine/index.ts";
import type { Store } from "../storage/store.ts";
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
    if (!upload.ok) {
      response.send(400, {
        error: "INVALID_FLOW",
        message: describeErrors(upload.errors.length),
        errors: upload.errors,
        warnings: upload.warnings,
      });
      return;
    }
    response.header("Location", "/config");
    response.send(201, {
      version: upload.version.version,
      checksum: upload.version.checksum,
      warnings: upload.warnings,
    });
  });

  server.get("/config", async (request: Request, response: Response) => {
    guard(request);
    const { version } = await flows.active();
    const etag = `"${version.checksum}"`;
    response.header("ETag", etag);
    response.header("X-Flow-Version", String(version.version));
    if (request.headers["if-none-match"] === etag) return void response.send(304);
    const wantsYaml = version.sourceType === "yaml" && /yaml/.test(request.headers.accept ?? "");
    response.header("content-type", wantsYaml ? "application/yaml" : "application/json");
    response.sendRaw(
      200,
      wantsYaml ? version.source : version.sourceType === "json" ? version.source : version.definition,
    );
  });

  server.get("/config/versions", async (request: Request, response: Response) => {
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
    const version = Number(raw);
    if (!Number.isInteger(version) || !(await flows.activate(version))) {
      throw new DomainError("NOT_FOUND", `flow version ${raw} does not exist`);
    }
    response.send(200, { version, active: true });
  });

  server.get("/config/schema", async (_request: Request, response: Response) => {
    response.header("content-type", "application/schema+json");
    response.sendRaw(200, JSON.stringify(flowJsonSchema(), null, 2));
  });
}

function flowFormat(contentType: string | undefined): FlowFormat {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/json") return "json";
  if (type === "application/yaml" || type === "application/x-yaml" || type === "text/yaml" || type === "text/x-yaml")
    return "yaml";
  throw new DomainError("UNSUPPORTED_MEDIA_TYPE", "send the flow as application/json or application/yaml");
}

function describeErrors(count: number): string {
  return `the flow has ${count} problem${count === 1 ? "" : "s"}`;
}
