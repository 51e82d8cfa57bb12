import type { ServerResponse } from "node:http";

/** Bytes handed to the socket at once; the next piece waits until the client has taken this one. @default 64 KiB */
export const PIECE_BYTES = 64 * 1024;
/** A client that takes nothing for this long is disconnected, releasing what its answer held. @default 30000 */
export const SEND_STALL_MS = 30_000;

/**
 * Ends `response` with `body`, a piece at a time, each after the client has read the last: a
 * client that reads slowly or not at all holds at most one piece beyond what the kernel
 * buffers, however large the body (written at once, the whole body would wait in memory for
 * every such client). `body` is only sliced, never copied, so one shared buffer serves all.
 */
export async function sendInPieces(response: ServerResponse, body: Buffer, stallMs = SEND_STALL_MS): Promise<void> {
  for (let offset = 0; offset < body.length; offset += PIECE_BYTES) {
    if (response.destroyed) return;
    if (!response.write(body.subarray(offset, offset + PIECE_BYTES)) && !(await drained(response, stallMs))) {
      response.destroy();
      return;
    }
  }
  response.end();
}

/** Resolves true on `drain`, false when the response closes or nothing drains within `stallMs`. */
function drained(response: ServerResponse, stallMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (result: boolean) => {
      clearTimeout(timer);
      response.off("drain", onDrain);
      response.off("close", onClose);
      resolve(result);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    const timer = setTimeout(() => done(false), stallMs);
    response.on("drain", onDrain);
    response.on("close", onClose);
  });
}
