import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { ifNoneMatchHits } from "./conditional.ts";
import { sendInPieces } from "./send-in-pieces.ts";

const gzip = promisify(zlib.gzip);

interface Page {
  plain: Buffer;
  gzipped: Buffer;
  /** The page's hash; each encoding gets its own entity tag from it. */
  hash: string;
}

/** Serves the GraphiQL page when `request` asks for it (a browser's GET); false otherwise. */
export type GraphiqlPage = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

/**
 * The GraphiQL page (9 MB, its scripts bundled in) is rendered and gzipped (to ~2.4 MB) once,
 * on the first browser request (the bundle takes a third of a second to load, too long for
 * every start), then served from those two shared buffers: with an entity tag per encoding
 * (`If-None-Match` → 304), `Cache-Control: no-cache` (a browser keeps it and asks whether it
 * changed), and streamed in pieces, so a client that does not read costs next to nothing.
 * Brotli would save another fifth for seconds of CPU at quality 6; gzip is what every browser
 * takes.
 */
export function createGraphiqlPage(render: () => Promise<string>): GraphiqlPage {
  let page: Promise<Page> | undefined;
  const load = () =>
    (page ??= buildPage(render).catch((error: unknown) => {
      page = undefined; // a failed render is tried again by the next request
      throw error;
    }));
  return async (request, response) => {
    if (!asksForPage(request)) return false;
    const { plain, gzipped, hash } = await load();
    const useGzip = acceptsGzip(request.headers["accept-encoding"]);
    const etag = `"${hash}${useGzip ? "-gzip" : ""}"`;
    response.setHeader("Content-Type", "text/html; charset=utf-8");
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("Vary", "Accept, Accept-Encoding");
    response.setHeader("ETag", etag);
    if (ifNoneMatchHits(request.headers["if-none-match"], etag)) {
      response.statusCode = 304;
      response.end();
      return true;
    }
    const body = useGzip ? gzipped : plain;
    if (useGzip) response.setHeader("Content-Encoding", "gzip");
    response.setHeader("Content-Length", body.length);
    response.statusCode = 200;
    await sendInPieces(response, body); // a HEAD's body is dropped by Node
    return true;
  };
}

/** What yoga answers with GraphiQL: a GET (here also HEAD) whose `Accept` names HTML. */
function asksForPage(request: IncomingMessage): boolean {
  return (request.method === "GET" || request.method === "HEAD") && /text\/html/.test(request.headers.accept ?? "");
}

/** `gzip` listed without `q=0` (`Accept-Encoding: gzip;q=0` refuses it). */
export function acceptsGzip(header: string | undefined): boolean {
  return (header ?? "").split(",").some((entry) => {
    const [coding, ...params] = entry.split(";").map((part) => part.trim().toLowerCase());
    if (coding !== "gzip" && coding !== "*") return false;
    const q = params.find((param) => param.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

async function buildPage(render: () => Promise<string>): Promise<Page> {
  const plain = Buffer.from(await render());
  const gzipped = await gzip(plain, { level: 6 });
  return { plain, gzipped, hash: createHash("sha256").update(plain).digest("base64url").slice(0, 27) };
}
