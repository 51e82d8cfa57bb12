import WebSocket from "ws";

export type UpgradeOutcome =
  | { status: 101; socket: WebSocket }
  | { status: number; body: string; headers: Record<string, string | string[] | undefined> };

/** Attempts a WebSocket upgrade with the given headers; resolves with the socket or the refusal. */
export function tryUpgrade(
  url: string,
  headers: Record<string, string> = {},
  protocol?: string,
): Promise<UpgradeOutcome> {
  const socket = new WebSocket(url, protocol, { headers });
  return new Promise((resolve, reject) => {
    socket.once("unexpected-response", (_request, response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    socket.once("open", () => resolve({ status: 101, socket }));
    socket.once("error", reject);
  });
}

/** Resolves with the close code once the socket closes. */
export function closed(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) return resolve(1006);
    socket.once("close", (code) => resolve(code));
  });
}
