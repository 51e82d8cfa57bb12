import type { Next, Request, RequestHandler, Response, Server } from "restify";

/**
 * Mounts `handler` for GET and HEAD (uptime monitors and `curl -I` send HEAD). restify would
 * answer a HEAD without `Content-Type` or `Content-Length`; run as a GET, the answer has every
 * header of the GET, and Node, which knows the request was a HEAD, sends no body.
 */
export function mountGet(server: Server, path: string, handler: RequestHandler): void {
  server.get(path, handler);
  server.head(path, (request: Request, response: Response, next: Next) => {
    request.method = "GET";
    return handler(request, response, next) as unknown;
  });
}
