import http from "node:http";
import https from "node:https";
import type { HttpErrorReason, HttpOutcome, HttpRequest, JsonValue } from "../../engine/index.ts";
import { splitUrlTemplate } from "../../engine/index.ts";
import { isHostAllowed, type AllowedHost } from "./allowed-hosts.ts";
import { cleanAnswer, fillBody, fillText, MissingSecret, nestingDepth, type Secrets } from "./fill-secrets.ts";
import { createGuardedLookup, HOST_REFUSED, type ResolveHost } from "./guarded-lookup.ts";

/** @default 1 MiB */
export const MAX_ANSWER_BYTES = 1024 * 1024;
/** Deeper answers are refused (`too_large`): storing them would overflow the serialiser's stack. */
const MAX_ANSWER_DEPTH = 64;

export interface HttpCallerOptions {
  /** `HTTP_BLOCK_ALLOWED_HOSTS`, checked again on every call. */
  allowedHosts: readonly AllowedHost[];
  /** `FLOW_SECRET_*` values by name. */
  secrets: Secrets;
  /** Host name resolution; tests inject one (DNS does not run in them). @default the system resolver */
  resolve?: ResolveHost;
  /** @default 1 MiB */
  maxAnswerBytes?: number;
  /** Told about every failed call: block, host, reason and status, never a URL, header or body. @default silent */
  onFailure?: (failure: { blockId: string; host: string; reason: HttpErrorReason; httpStatus?: number }) => void;
  /** Milliseconds clock for latencies. @default performance.now */
  now?: () => number;
}

type Answer =
  | { status: "ok"; httpStatus: number; json: JsonValue }
  | { status: "error"; reason: HttpErrorReason; httpStatus?: number };

/**
 * The real `callHttp` port: node:http(s) rather than fetch, so that the connection goes to the
 * addresses its guarded `lookup` approved. Secrets are filled in here, just before sending, and
 * redacted from the answer. Redirects are never followed; the answer is read up to
 * `maxAnswerBytes`; the time-out covers the whole call and destroys the request.
 */
export function createHttpCaller(options: HttpCallerOptions): (request: HttpRequest) => Promise<HttpOutcome> {
  // The connection goes to the addresses this lookup returns, so what it checks is what is reached.
  const { lookup } = createGuardedLookup(options.resolve);
  const now = options.now ?? (() => performance.now());
  const maxBytes = options.maxAnswerBytes ?? MAX_ANSWER_BYTES;

  return async (request) => {
    const started = now();
    const answer = await call(request);
    const latencyMs = Math.round(now() - started);
    if (answer.status === "ok") return { ...answer, latencyMs };
    const host = splitUrlTemplate(typeof request.url[0] === "string" ? request.url[0] : "")?.origin ?? "";
    options.onFailure?.({
      blockId: request.blockId,
      host: URL.canParse(host) ? new URL(host).host : "",
      reason: answer.reason,
      ...(answer.httpStatus !== undefined ? { httpStatus: answer.httpStatus } : {}),
    });
    return { ...answer, latencyMs };
  };

  async function call(request: HttpRequest): Promise<Answer> {
    const used = new Set<string>();
    let target: { url: URL; path: string; headers: Record<string, string>; body: string | undefined };
    try {
      const urlText = fillText(request.url, options.secrets, used, (value) => encodeURIComponent(value));
      const parts = splitUrlTemplate(urlText);
      if (parts === null || !URL.canParse(parts.origin)) return { status: "error", reason: "invalid_request" };
      const rest = parts.rest.split("#")[0] ?? "";
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, text]) => [
          name.toLowerCase(),
          fillText(text, options.secrets, used),
        ]),
      );
      const body =
        request.body === undefined ? undefined : JSON.stringify(fillBody(request.body, options.secrets, used));
      headers["accept"] ??= "application/json";
      if (body !== undefined) headers["content-type"] ??= "application/json";
      target = { url: new URL(parts.origin), path: rest.startsWith("/") ? rest : `/${rest}`, headers, body };
    } catch (error) {
      if (error instanceof MissingSecret) return { status: "error", reason: "missing_secret" };
      throw error;
    }
    if (!isHostAllowed(options.allowedHosts, target.url)) return { status: "error", reason: "host_not_allowed" };
    return send(request, target, [...used]);
  }

  function send(
    request: HttpRequest,
    target: { url: URL; path: string; headers: Record<string, string>; body: string | undefined },
    secretValues: string[],
  ): Promise<Answer> {
    return new Promise((resolve) => {
      let outgoing: http.ClientRequest | undefined;
      let settled = false;
      const finish = (answer: Answer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outgoing?.destroy();
        resolve(answer);
      };
      const timer = setTimeout(() => finish({ status: "error", reason: "timeout" }), request.timeoutMs);
      const { url } = target;
      const hostname = url.hostname.replace(/^\[|\]$/g, "");
      try {
        outgoing = (url.protocol === "https:" ? https : http).request({
          protocol: url.protocol,
          hostname,
          port: url.port === "" ? undefined : Number(url.port),
          method: request.method,
          path: target.path,
          headers: target.headers,
          agent: false,
          lookup,
        });
      } catch {
        // A header value or path Node refuses to send (a line break from a variable, say).
        return finish({ status: "error", reason: "invalid_request" });
      }
      outgoing.on("error", (error: NodeJS.ErrnoException) =>
        finish({ status: "error", reason: error.code === HOST_REFUSED ? "host_not_allowed" : "network" }),
      );
      outgoing.on("response", (response) => {
        const httpStatus = response.statusCode ?? 0;
        if (httpStatus >= 300 && httpStatus < 400) return finish({ status: "error", reason: "redirect", httpStatus });
        if (httpStatus < 200 || httpStatus >= 300) return finish({ status: "error", reason: "status", httpStatus });
        if (Number(response.headers["content-length"] ?? 0) > maxBytes) {
          return finish({ status: "error", reason: "too_large", httpStatus });
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) return finish({ status: "error", reason: "too_large", httpStatus });
          chunks.push(chunk);
        });
        response.on("error", () => finish({ status: "error", reason: "network", httpStatus }));
        response.on("end", () => finish(readJson(Buffer.concat(chunks), httpStatus, secretValues)));
      });
      outgoing.end(target.body);
    });
  }
}

/** An empty answer (204) reads as `null`; anything else must be JSON. */
function readJson(bytes: Buffer, httpStatus: number, secretValues: readonly string[]): Answer {
  const text = bytes.toString("utf8").trim();
  if (text === "") return { status: "ok", httpStatus, json: null };
  let json: JsonValue;
  try {
    json = JSON.parse(text) as JsonValue;
  } catch {
    return { status: "error", reason: "not_json", httpStatus };
  }
  if (nestingDepth(json) > MAX_ANSWER_DEPTH) return { status: "error", reason: "too_large", httpStatus };
  return { status: "ok", httpStatus, json: cleanAnswer(json, secretValues) };
}
