import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "../observability/logger.ts";

/** What Node's parser refused, as status, reason, stable code and message. */
function describe(code: string | undefined): [number, string, string, string] {
  if (code === "HPE_HEADER_OVERFLOW")
    return [431, "Request Header Fields Too Large", "TOO_LARGE", "the request's headers are larger than 16 KiB"];
  if (code === "ERR_HTTP_REQUEST_TIMEOUT")
    return [408, "Request Timeout", "REQUEST_TIMEOUT", "the request was not received in time"];
  return [
    400,
    "Bad Request",
    "BAD_REQUEST",
    "the request is not valid HTTP/1.1 (non-ASCII bytes in the URL must be percent-encoded)",
  ];
}

/**
 * Requests Node's HTTP parser refuses never reach a route: oversized headers, a malformed
 * request line (a URL holding raw non-ASCII bytes, as `curl 'localhost/…?customerId=c2…'`
 * sends), a request not received in time. Node answers them with a bare status; these answers
 * carry the same JSON body as every other error.
 */
export function answerClientErrors(server: Server, logger: Logger): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    const response = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === "ECONNRESET" || !socket.writable || response?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, reason, code, message] = describe(error.code);
    logger.debug({ code: error.code, status }, "malformed request refused");
    const body = JSON.stringify({ error: code, message });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
}
