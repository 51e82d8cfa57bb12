import type { HttpOutcome, HttpRequest } from "../ports.ts";
import { readJsonPointer } from "../runtime/readJsonPointer.ts";
import { renderJsonBody, renderSecretText, showSecretText } from "../runtime/renderSecretText.ts";
import { recordStep, type BlockResult, type TurnContext } from "../runtime/turn-context.ts";
import {
  BODY_METHODS,
  DEFAULT_HTTP_TIMEOUT_MS,
  splitUrlTemplate,
  type HttpBlock,
} from "../schema/http-block-schema.ts";

/**
 * Percent-encodes a value as one URL component, so it cannot add a path segment or a query.
 * `.` and `..` would still be read as "this segment" and "the parent" (even encoded), so a URL
 * that would hold one is not sent.
 */
function encodeComponent(value: string, dotSegments: string[]): string {
  if (value === "." || value === "..") dotSegments.push(value);
  return encodeURIComponent(value.toWellFormed());
}

/** The request as the port sends it, or why it cannot be sent. */
function buildRequest(block: HttpBlock, ctx: TurnContext): HttpRequest | null {
  const scope = { vars: ctx.state.vars, customer: ctx.customer };
  const dotSegments: string[] = [];
  const url = renderSecretText(block.url, scope, (value) => encodeComponent(value, dotSegments));
  if (dotSegments.length > 0) return null;
  const method = block.method ?? "GET";
  const headers = Object.fromEntries(
    Object.entries(block.headers ?? {}).map(([name, value]) => [name, renderSecretText(value, scope)]),
  );
  return {
    blockId: block.id,
    method,
    url,
    headers,
    ...(block.body !== undefined && BODY_METHODS.has(method) ? { body: renderJsonBody(block.body, scope) } : {}),
    timeoutMs: block.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
  };
}

/** Host and path of the call for its step: no query (it may carry keys), secrets as references. */
function describeCall(block: HttpBlock, request: HttpRequest | null): { host: string; path: string } {
  const { origin = "" } = splitUrlTemplate(block.url) ?? {};
  const host = URL.canParse(origin) ? new URL(origin).host : origin;
  const shown = request === null ? block.url : showSecretText(request.url);
  const path = shown.slice(origin.length).split(/[?#]/)[0] ?? "";
  return { host, path: path === "" ? "/" : path };
}

/** Saves the answer and copies the extracted values; a pointer that names nothing clears its variable. */
function saveAnswer(block: HttpBlock, ctx: TurnContext, outcome: Extract<HttpOutcome, { status: "ok" }>): string[] {
  if (block.saveAs !== undefined) ctx.state.vars[block.saveAs] = outcome.json;
  const missing: string[] = [];
  for (const [name, pointer] of Object.entries(block.extract ?? {})) {
    const value = readJsonPointer(outcome.json, pointer);
    if (value === undefined) {
      missing.push(name);
      delete ctx.state.vars[name];
    } else {
      ctx.state.vars[name] = value;
    }
  }
  return missing;
}

/**
 * Calls the business's API through `ctx.ports.callHttp`, which alone reads secrets. A success
 * saves the JSON answer and goes to `next`; any failure goes to `onError` (absent: the end).
 * The step records the call, never the body.
 */
export async function executeHttpBlock(block: HttpBlock, ctx: TurnContext): Promise<BlockResult> {
  const request = buildRequest(block, ctx);
  const outcome: HttpOutcome =
    request === null ? { status: "error", reason: "invalid_request", latencyMs: 0 } : await ctx.ports.callHttp(request);
  const call = { method: block.method ?? "GET", ...describeCall(block, request) };
  if (outcome.status === "ok") {
    const missing = saveAnswer(block, ctx, outcome);
    recordStep(ctx, block, "http", {
      ...call,
      status: "ok",
      httpStatus: outcome.httpStatus,
      latencyMs: outcome.latencyMs,
      ...(missing.length > 0 ? { missing } : {}),
    });
    return { status: "continue", next: block.next };
  }
  recordStep(ctx, block, "http", {
    ...call,
    status: "error",
    reason: outcome.reason,
    ...(outcome.httpStatus !== undefined ? { httpStatus: outcome.httpStatus } : {}),
    latencyMs: outcome.latencyMs,
  });
  recordStep(ctx, block, "error", { reason: "http_call_failed", error: outcome.reason });
  return { status: "continue", next: block.onError };
}
