import type { IncomingMessage } from "node:http";
import { DomainError } from "../domain-error.ts";

/** @default 1 MiB */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a request body as UTF-8 text, refusing more than `limit` bytes with `TOO_LARGE`. */
export async function readBodyText(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > limit) throw new DomainError("TOO_LARGE", `the body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new DomainError("TOO_LARGE", `the body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new DomainError("BAD_REQUEST", "the body is not valid UTF-8");
  }
}
