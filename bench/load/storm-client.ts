/**
 * The storm phase's client process (forked by bench/phases/storm.ts, driven over IPC). One
 * process plays one role, so the talkers' clocks are not held up by the storm's handshakes:
 *
 * - `seed`: connects N new customers (batched), keeps what a returning client keeps (id,
 *   token, session, the block it waits at), hangs up;
 * - `talkers`: K customers already connected, each sending a line every `intervalMs` (a human
 *   pace), every turn's send time and latency kept until `report`;
 * - `storm`: opens every connection at once (returning customers with their tokens, or new
 *   ones) and times each until the end frame of its resume or greeting.
 *
 * Times are epoch milliseconds (`performance.timeOrigin + performance.now()`), comparable
 * across the processes.
 */
import WebSocket from "ws";
import { CONVERSATION_LINES } from "./conversation-script.ts";

/** What a returning customer knows about itself. */
export interface Credentials {
  customerId: string;
  token: string;
  sessionId: string;
  blockId: string;
}

export type StormCommand =
  | { type: "seed"; wsUrl: string; customers: number; batchSize: number }
  | { type: "talkers"; wsUrl: string; customers: number; intervalMs: number }
  | { type: "storm"; wsUrl: string; returning: Credentials[] | undefined; customers: number; timeoutMs: number }
  | { type: "report" }
  | { type: "close" };

export interface StormOutcome {
  startedAt: number;
  /** Per connection: ms from its open to its end frame (only the ones that got one). */
  latenciesMs: number[];
  /** When the last end frame arrived (epoch ms). */
  lastAt: number;
  failed: number;
  /** Returning customers given another session, or waiting at another block, than they had. */
  wrongSession: number;
  /** Returning customers whose session frame did not say `resumed: true`. */
  notResumed: number;
}

export interface TalkerSample {
  /** Epoch ms of the send. */
  at: number;
  latencyMs: number;
  error: boolean;
}

export type StormChildMessage =
  | { type: "seeded"; credentials: Credentials[]; failed: number }
  | { type: "talking"; connected: number }
  | { type: "stormed"; outcome: StormOutcome }
  | { type: "report"; samples: TalkerSample[]; unanswered: number; closes: number }
  | { type: "fatal"; message: string };

const now = () => performance.timeOrigin + performance.now();
const sockets: WebSocket[] = [];
const END_TYPES = new Set(["waiting", "ended", "error"]);

interface Frame {
  type: string;
  sessionId?: string;
  customerId?: string;
  customerToken?: string;
  resumed?: boolean;
  blockId?: string;
}

/** Opens one connection; resolves with its first frames up to the end frame (or `undefined` on failure). */
function open(url: string, timeoutMs: number): Promise<{ ws: WebSocket; session?: Frame; end: Frame } | undefined> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    sockets.push(ws);
    let session: Frame | undefined;
    const done = (result: { ws: WebSocket; session?: Frame; end: Frame } | undefined) => {
      clearTimeout(timer);
      ws.removeAllListeners("message");
      resolve(result);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    ws.on("message", (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (frame.type === "session") session = frame;
      if (END_TYPES.has(frame.type)) done(frame.type === "error" ? undefined : { ws, session, end: frame });
    });
    ws.on("close", () => done(undefined));
    ws.on("error", () => {});
  });
}

async function seed(command: Extract<StormCommand, { type: "seed" }>): Promise<void> {
  const credentials: Credentials[] = [];
  let failed = 0;
  for (let first = 0; first < command.customers; first += command.batchSize) {
    const size = Math.min(command.batchSize, command.customers - first);
    const opened = await Promise.all(
      Array.from({ length: size }, (_, i) => open(`${command.wsUrl}/chat?name=storm${first + i}`, 30_000)),
    );
    for (const result of opened) {
      const { session, end } = result ?? {};
      if (!result || !session?.customerId || !session.customerToken || !end?.blockId) failed++;
      else
        credentials.push({
          customerId: session.customerId,
          token: session.customerToken,
          sessionId: session.sessionId!,
          blockId: end.blockId,
        });
      result?.ws.close();
    }
  }
  send({ type: "seeded", credentials, failed });
}

const samples: TalkerSample[] = [];
let inFlight = 0;
let closes = 0;

async function talk(command: Extract<StormCommand, { type: "talkers" }>): Promise<void> {
  const opened = await Promise.all(
    Array.from({ length: command.customers }, (_, i) => open(`${command.wsUrl}/chat?name=talker${i}`, 30_000)),
  );
  let connected = 0;
  opened.forEach((result, index) => {
    if (!result) return;
    connected++;
    const { ws } = result;
    let line = index;
    let sentAt = 0;
    ws.on("message", (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (!END_TYPES.has(frame.type) || sentAt === 0) return;
      samples.push({ at: sentAt, latencyMs: now() - sentAt, error: frame.type === "error" });
      sentAt = 0;
      inFlight--;
    });
    ws.on("close", () => closes++);
    const sendLine = () => {
      // A turn still unanswered after a whole interval: this customer waits, as a person would.
      if (sentAt !== 0 || ws.readyState !== WebSocket.OPEN) return;
      sentAt = now();
      inFlight++;
      ws.send(JSON.stringify({ type: "message", text: CONVERSATION_LINES[line++ % CONVERSATION_LINES.length] }));
    };
    // Spread over the interval, so the server sees a steady trickle, not a pulse every interval.
    setTimeout(
      () => {
        sendLine();
        setInterval(sendLine, command.intervalMs);
      },
      (index / command.customers) * command.intervalMs,
    );
  });
  send({ type: "talking", connected });
}

async function storm(command: Extract<StormCommand, { type: "storm" }>): Promise<void> {
  const urls = command.returning
    ? command.returning.map(
        (c) => `${command.wsUrl}/chat?customerId=${encodeURIComponent(c.customerId)}&token=${c.token}`,
      )
    : Array.from({ length: command.customers }, (_, i) => `${command.wsUrl}/chat?name=new${i}`);
  const startedAt = now();
  const outcome: StormOutcome = {
    startedAt,
    latenciesMs: [],
    lastAt: startedAt,
    failed: 0,
    wrongSession: 0,
    notResumed: 0,
  };
  await Promise.all(
    urls.map(async (url, i) => {
      const opened = now();
      const result = await open(url, command.timeoutMs);
      if (!result) return void outcome.failed++;
      const at = now();
      outcome.latenciesMs.push(at - opened);
      outcome.lastAt = Math.max(outcome.lastAt, at);
      const expected = command.returning?.[i];
      if (!expected) return;
      if (result.session?.resumed !== true) outcome.notResumed++;
      if (result.session?.sessionId !== expected.sessionId || result.end.blockId !== expected.blockId)
        outcome.wrongSession++;
    }),
  );
  send({ type: "stormed", outcome });
}

function send(message: StormChildMessage): void {
  process.send?.(message);
}

function closeAll(): never {
  for (const ws of sockets) ws.terminate();
  process.exit(0);
}

process.on("message", (command: StormCommand) => {
  const work =
    command.type === "seed"
      ? seed(command)
      : command.type === "talkers"
        ? talk(command)
        : command.type === "storm"
          ? storm(command)
          : command.type === "report"
            ? Promise.resolve(send({ type: "report", samples, unanswered: inFlight, closes }))
            : closeAll();
  work.catch((error: unknown) =>
    send({ type: "fatal", message: error instanceof Error ? error.message : String(error) }),
  );
});
process.on("disconnect", () => process.exit(0));
