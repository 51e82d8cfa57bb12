/**
 * The ceiling: a bare `ws` JSON echo server with chatflow's wire shape and none of its work
 * (no flow, no database). Run as a child process by the bench:
 *
 *   node bench/servers/echo-server.ts <port> <framesPerTurn> <bytesPerTurn>
 *
 * On connect it sends a session frame, a greeting and `waiting`, as chatflow does. For each
 * message frame it sends the echo (the receipt), bot-like message frames and a `waiting`
 * frame: `framesPerTurn` frames on average (a fraction is carried over to later turns) and about
 * `bytesPerTurn` bytes, both measured from the chatflow run, so client and kernel do the same work.
 */
import http from "node:http";
import { WebSocketServer, type WebSocket } from "ws";

const [portArg, framesArg, bytesArg] = process.argv.slice(2);
const port = Number(portArg);
const framesPerTurn = Math.max(2, Number(framesArg ?? 3));
const bytesPerTurn = Math.max(200, Number(bytesArg ?? 600));
const WAITING_BYTES = 90;

let owedFrames = 0;
/** Frames for the next turn: at least the receipt and `waiting`; fractions carried over. */
function framesForNextTurn(): number {
  owedFrames += framesPerTurn;
  const frames = Math.max(2, Math.floor(owedFrames));
  owedFrames -= frames;
  return frames;
}

function messageFrame(sessionId: string, sender: string, text: string, padTo: number): string {
  const frame = {
    type: "message",
    id: crypto.randomUUID(),
    sessionId,
    sender,
    text,
    blockId: sender === "bot" ? "listen" : null,
    createdAt: new Date().toISOString(),
  };
  const json = JSON.stringify(frame);
  return json.length >= padTo ? json : JSON.stringify({ ...frame, text: text + " ".repeat(padTo - json.length) });
}

function serve(ws: WebSocket): void {
  const sessionId = crypto.randomUUID();
  const waiting = JSON.stringify({ type: "waiting", sessionId, blockId: "listen" });
  ws.send(
    JSON.stringify({ type: "session", sessionId, customerId: crypto.randomUUID(), flowVersion: 1, resumed: false }),
  );
  ws.send(messageFrame(sessionId, "bot", "Hi! What would you like?", 0));
  ws.send(waiting);
  ws.on("message", (data: Buffer) => {
    let text: string;
    try {
      const parsed = JSON.parse(data.toString()) as { text?: unknown };
      text = typeof parsed.text === "string" ? parsed.text : "";
    } catch {
      text = data.toString();
    }
    const frames = framesForNextTurn();
    const padTo = Math.floor((bytesPerTurn - WAITING_BYTES) / (frames - 1));
    ws.send(messageFrame(sessionId, "customer", text, padTo));
    for (let i = 2; i < frames; i++) ws.send(messageFrame(sessionId, "bot", "echo", padTo));
    ws.send(waiting);
  });
  ws.on("error", () => {});
}

const wss = new WebSocketServer({ noServer: true, maxPayload: 65_536 });
const server = http.createServer((request, response) => {
  response.writeHead(request.url === "/healthz" ? 200 : 404, { "content-type": "application/json" });
  response.end(request.url === "/healthz" ? '{"status":"ok"}' : '{"error":"NOT_FOUND"}');
});
server.on("upgrade", (request, socket, head) => {
  if (!request.url?.startsWith("/chat")) {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(request, socket, head, serve);
});
server.listen(port, "127.0.0.1");

const shutdown = () => {
  for (const client of wss.clients) client.terminate();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
