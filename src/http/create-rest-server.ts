import type restify from "restify";
import type { Server } from "restify";
import RestifyRouter from "restify/lib/router.js";
import RestifyServer from "restify/lib/server.js";
import type { Logger } from "../observability/logger.ts";
import { DomainError, HTTP_STATUS, retryAfterHeader, type ErrorCode } from "../domain-error.ts";
import { WWW_AUTHENTICATE } from "./operator-auth.ts";

/**
 * What `restify.createServer({ name })` builds, without importing restify's index: that loads
 * every bundled plugin (body parsers, static files, HTTP signatures), ~0.1 s of a start, and
 * chatflow uses none. restify is pinned to an exact version; every REST test runs through this.
 */
function createRestifyServer(name: string, logger: Logger): Server {
  // restify's own warnings share the server's log, never a second writer on stdout.
  const options = { name, log: logger.child({ name }) };
  return new RestifyServer({ ...options, router: new RestifyRouter(options) });
}

/** Restify, with every error answered as `{"error": CODE, "message": …}` (docs/PROTOCOL.md, REST errors). */
export function createRestServer(logger: Logger): Server {
  const server = createRestifyServer("chatflow", logger);
  server.on(
    "restifyError",
    (request: restify.Request, response: restify.Response, error: RestifyError, done: () => void) => {
      const { status, code, message } = describeError(error);
      // A body refused before it was read to the end leaves bytes on the connection: close it,
      // or the client's next request on it meets a reset.
      if (status === 413 || status === 415) response.setHeader("connection", "close");
      if (status === 401) response.setHeader("www-authenticate", WWW_AUTHENTICATE);
      for (const [name, value] of Object.entries(retryAfterHeader(error))) response.setHeader(name, value);
      if (status >= 500) logger.error({ err: error, reqId: request.id(), url: request.url }, "request failed");
      error.statusCode = status;
      error.toJSON = () => ({ error: code, message });
      return done();
    },
  );
  server.pre((request: restify.Request, response: restify.Response, next: restify.Next) => {
    response.setHeader("request-id", request.id());
    next();
  });
  // One line per request, with restify's request id (also sent back in the `request-id` header), so a
  // failure can be traced; probes are logged at debug level to keep the log readable.
  server.on("after", (request: restify.Request, response: restify.Response) => {
    const line = {
      reqId: request.id(),
      method: request.method,
      url: request.url,
      status: response.statusCode,
      ms: Math.round(Date.now() - request.time()),
    };
    if (/^\/(healthz|metrics)\b/.test(request.url ?? "")) logger.debug(line, "request");
    else logger.info(line, "request");
  });
  return server;
}

interface RestifyError extends Error {
  statusCode?: number;
  restCode?: string;
  toJSON?: () => unknown;
}

const RESTIFY_CODES: Record<string, ErrorCode> = {
  ResourceNotFound: "NOT_FOUND",
  MethodNotAllowed: "METHOD_NOT_ALLOWED",
  PayloadTooLarge: "TOO_LARGE",
  RequestEntityTooLarge: "TOO_LARGE",
  UnsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE",
  InvalidContent: "BAD_REQUEST",
  BadRequest: "BAD_REQUEST",
};

function describeError(error: RestifyError): { status: number; code: ErrorCode; message: string } {
  if (error instanceof DomainError)
    return { status: HTTP_STATUS[error.code], code: error.code, message: error.message };
  const code = RESTIFY_CODES[error.restCode ?? ""] ?? RESTIFY_CODES[error.name.replace(/Error$/, "")];
  if (code) return { status: HTTP_STATUS[code], code, message: error.message || code };
  if (error.statusCode && error.statusCode < 500) {
    return { status: error.statusCode, code: "BAD_REQUEST", message: error.message };
  }
  return { status: 500, code: "INTERNAL", message: "Internal error" };
}
