import type { Next, Request, RequestHandler, Response } from "restify";
import type { OriginPolicy } from "../limits/origin-policy.ts";

const ALLOWED_METHODS = "GET, POST, OPTIONS";
const ALLOWED_HEADERS = "authorization, content-type, accept, if-none-match";
const EXPOSED_HEADERS = "etag, x-flow-version, location";

/**
 * With an `ALLOWED_ORIGINS` list, a browser request (one with `Origin`) from another origin is
 * refused with 403 before any route runs (CORS alone would let the request run and only hide
 * the answer); allowed origins get the CORS headers and their preflights a 204.
 * Without a list it does nothing: GraphQL keeps yoga's permissive CORS.
 */
export function createOriginCheck(policy: OriginPolicy): RequestHandler {
  return (request: Request, response: Response, next: Next) => {
    const origin = request.headers.origin;
    if (!policy.restricted || origin === undefined) return next();
    if (!policy.allows(origin)) {
      response.send(403, { error: "FORBIDDEN", message: `origin ${origin} is not allowed (ALLOWED_ORIGINS)` });
      return next(false);
    }
    response.header("Access-Control-Allow-Origin", origin);
    response.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    response.header("Vary", "Origin");
    if (request.method === "OPTIONS") {
      response.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
      response.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
      response.header("Access-Control-Max-Age", "600");
      response.send(204);
      return next(false);
    }
    return next();
  };
}
