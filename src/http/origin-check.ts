import type { Next, Request, RequestHandler, Response } from "restify";
import type { HostPolicy } from "../limits/host-policy.ts";
import type { OriginPolicy } from "../limits/origin-policy.ts";

const ALLOWED_METHODS = "GET, POST, OPTIONS";
const ALLOWED_HEADERS = "authorization, content-type, accept, if-none-match";
const EXPOSED_HEADERS = "etag, x-flow-version, location";

export interface SiteCheckOptions {
  hosts: HostPolicy;
  origins: OriginPolicy;
}

/**
 * Runs before every route (REST and `/graphql`): a `Host` the server does not answer to is
 * refused with 400, a browser request (one with `Origin`) from an origin that is neither the
 * server's own nor in `ALLOWED_ORIGINS` with 403. Only listed origins get CORS headers, and
 * their preflights a 204; nothing is ever answered with `*` or with credentials.
 */
export function createOriginCheck({ hosts, origins }: SiteCheckOptions): RequestHandler {
  return (request: Request, response: Response, next: Next) => {
    const { host, origin } = request.headers;
    // The Host first: a rebound name would otherwise make the attacker's page look same-origin.
    if (!hosts.allows(host)) {
      response.send(400, { error: "BAD_REQUEST", message: misdirected(host) });
      return next(false);
    }
    if (origin === undefined) return next();
    if (!origins.allows(origin, host)) {
      response.send(403, { error: "FORBIDDEN", message: foreignOrigin(origin) });
      return next(false);
    }
    if (!origins.isListed(origin)) return next();
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

export function misdirected(host: string | undefined): string {
  return `this server does not answer to Host ${JSON.stringify(host)}: use localhost, an IP address, HOST or a name in ALLOWED_HOSTS`;
}

export function foreignOrigin(origin: string): string {
  return `origin ${origin} is not allowed: only the server's own origin and those in ALLOWED_ORIGINS may call it`;
}
