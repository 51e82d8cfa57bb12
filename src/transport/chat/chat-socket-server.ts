import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { Admission, ChatService } from "../../chat/chat-service.ts";
import type { TurnReport } from "../../chat/chat-types.ts";
import { DomainError, rateLimited } from "../../domain-error.ts";
import type { ConnectionGate } from "../../limits/chat-rate-limiter.ts";
import type { ClientAddress } from "../../http/client-address.ts";
import { refuseUpgradeWith, type UpgradeHandler } from "../../http/upgrade-router.ts";
import { AUTH_BLOCKED_MESSAGE, type AuthFailures } from "../../limits/auth-failures.ts";
import type { Logger } from "../../observability/logger.ts";
import type { Metrics } from "../../observability/metrics.ts";
import { parseClientFrame } from "./parse-client-frame.ts";
import type { ChatEvent } from "../../events/event-bus.ts";
import { endFrame, errorFrame, handoffFrame, messageFrame, sessionFrame, type ServerFrame } from "./server-frames.ts";
import { parseConnectQuery } from "./parse-connect-query.ts";

export interface ChatSocketOptions {
  service: ChatService;
  logger: Logger;
  metrics: Metrics;
  /** Largest frame accepted, in bytes (ws's own default is 100 MiB). @default 65536 */
  maxPayload?: number;
  /** Rate-limits each connection's frames. @default every frame accepted */
  gate?: (request: IncomingMessage) => ConnectionGate;
  /** The address creating customers and sessions is limited by. @default the TCP peer's */
  clientAddress?: ClientAddress;
  /** Counts wrong tokens per client address and refuses an address past its limit. @default no limit */
  authFailures?: { failures: AuthFailures; clientAddress: ClientAddress };
}

const OPEN_GATE: ConnectionGate = { admit: () => "accepted" };

/** `/chat`: the plain WebSocket transport (docs/PROTOCOL.md, `/chat`), a thin adapter over the chat service. */
export function createChatSocketServer(options: ChatSocketOptions): { handleUpgrade: UpgradeHandler; close(): void } {
  const { service, logger, metrics } = options;
  const clientAddress =
    options.clientAddress ?? ((request: IncomingMessage) => request.socket.remoteAddress ?? "unknown");
  // UTF-8 is checked by parseClientFrame, which answers with an error frame; ws itself would
  // close the connection (1007) on the first bad byte.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayload ?? 65_536,
    skipUTF8Validation: true,
  });
  wss.on("error", (error) => logger.warn({ err: error }, "chat socket server error"));

  const handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    void (async () => {
      const query = parseConnectQuery(request.url);
      if (!query.ok) return refuseUpgradeWith(socket, new DomainError("BAD_REQUEST", query.message));
      // Only a presented token or signature is a guess; naming an existing customer without one is refused below.
      const guessing = query.value.token !== undefined || query.value.customerIdSignature !== undefined;
      const address = guessing ? options.authFailures?.clientAddress(request) : undefined;
      if (address !== undefined && options.authFailures?.failures.isBlocked(address)) {
        const wait = options.authFailures.failures.retryAfterSeconds(address);
        return refuseUpgradeWith(socket, rateLimited(AUTH_BLOCKED_MESSAGE, wait));
      }
      try {
        const peer = clientAddress(request);
        // Before the handshake, so a refused client (401, 429) has created nothing.
        const admission = await service.admit({ ...query.value, address: peer });
        const gate = options.gate?.(request) ?? OPEN_GATE;
        wss.handleUpgrade(request, socket, head, (ws) => serveConnection(ws, socket, admission, peer, gate));
      } catch (error) {
        if (!(error instanceof DomainError) || error.code === "INTERNAL")
          logger.error({ err: error }, "chat upgrade failed");
        else if (error.code === "UNAUTHORIZED" && address !== undefined)
          options.authFailures?.failures.recordFailure(address);
        refuseUpgradeWith(socket, error);
      }
    })();
  };

  const serveConnection = (
    ws: WebSocket,
    socket: Duplex,
    admission: Admission,
    address: string,
    gate: ConnectionGate,
  ) => {
    const { customer, token } = admission;
    // Made on the first log line only: most connections never log, and a storm of them should not pay for it.
    let child: Logger | undefined;
    const log = () => (child ??= logger.child({ connId: crypto.randomUUID().slice(0, 8), customerId: customer.id }));
    metrics.connections.inc({ transport: "chat" });
    ws.on("error", (error) => log().warn({ err: error }, "chat socket error"));
    ws.on("close", () => {
      metrics.connections.dec({ transport: "chat" });
      unwatch();
    });
    const send = (frames: ServerFrame[]) => {
      if (ws.readyState !== ws.OPEN) return;
      // The frames of one answer leave in one write: a system call per frame cost more than the turn's logic.
      socket.cork();
      for (const frame of frames) ws.send(JSON.stringify(frame));
      socket.uncork();
    };
    const fail = (error: unknown) => {
      const code = error instanceof DomainError ? error.code : "INTERNAL";
      if (code === "INTERNAL") log().error({ err: error }, "chat turn failed");
      metrics.errors.inc({ code });
      send([
        errorFrame(
          code,
          error instanceof DomainError ? error.message : "internal error: the message was not processed",
        ),
      ]);
    };
    // Frames of one connection are answered strictly in order.
    let queue = Promise.resolve();
    let sessionId = "";
    const enqueue = (work: () => Promise<void>) => {
      queue = queue.then(work).catch(fail);
    };
    // What others do in the conversation (operators, a release) reaches it between its turns.
    let unwatch = () => {};
    let watched = "";
    const follow = (id: string) => {
      sessionId = id;
      if (id === watched || ws.readyState !== ws.OPEN) return;
      unwatch();
      watched = id;
      unwatch = service.watch(id, (event) => {
        const frames = pushedFrames(event);
        if (frames.length) enqueue(async () => send(frames));
      });
    };

    enqueue(async () => {
      const opened = await service.openConversation(admission);
      follow(opened.session.sessionId);
      send([
        sessionFrame(opened.session, opened.customerToken),
        ...opened.messages.map(messageFrame),
        ...(opened.handoff ? [handoffFrame(opened.handoff)] : []),
        endFrame(sessionId, opened.end),
      ]);
    });
    let abusive = false;
    ws.on("message", (data: Buffer, isBinary) => {
      // Once a connection is being closed for abuse, its remaining frames are not even read.
      if (abusive) return;
      const admission = gate.admit();
      if (admission !== "accepted") {
        const last = admission === "abusive";
        abusive ||= last;
        metrics.errors.inc({ code: "RATE_LIMITED" });
        enqueue(async () => {
          send([errorFrame("RATE_LIMITED", "too many messages: this one was not processed; slow down")]);
          if (last) ws.close(1008, "rate limit exceeded again and again");
        });
        return;
      }
      const parsed = parseClientFrame(data, isBinary);
      enqueue(async () => {
        if (!parsed.ok) {
          metrics.errors.inc({ code: parsed.problem.code });
          return send([errorFrame(parsed.problem.code, parsed.problem.message)]);
        }
        const started = performance.now();
        const report = await service.sendMessage({
          sessionId,
          customerId: customer.id,
          address,
          text: parsed.frame.text,
          clientMsgId: parsed.frame.clientMsgId,
        });
        if (report.newSession) follow(report.newSession.sessionId);
        send(turnFrames(report, token));
        metrics.turns.inc({ transport: "chat", outcome: report.end.type });
        metrics.turnSeconds.observe({ transport: "chat" }, (performance.now() - started) / 1000);
      });
    });
  };

  const close = () => {
    for (const client of wss.clients) client.close(1001, "server shutting down");
    wss.close();
  };
  return { handleUpgrade, close };
}

function turnFrames(report: TurnReport, token: string | undefined): ServerFrame[] {
  const sessionId = report.receipt.sessionId;
  return [
    ...(report.newSession ? [sessionFrame(report.newSession, token)] : []),
    messageFrame(report.receipt),
    ...report.botMessages.map(messageFrame),
    ...(report.handoff ? [handoffFrame(report.handoff)] : []),
    endFrame(sessionId, report.end),
  ];
}

/**
 * Frames for what happened in the conversation outside this connection's own turns: an
 * operator's message (no `waiting` follows: the customer prompted nothing), a claim or release,
 * and the turn a release runs. The connection's own turns are answered directly, not from here.
 */
function pushedFrames(event: ChatEvent): ServerFrame[] {
  switch (event.kind) {
    case "message":
      return event.message.sender === "operator" ? [messageFrame(event.message)] : [];
    case "handoff":
      return event.cause !== "turn" ? [handoffFrame(event.handoff)] : [];
    case "pushed-turn":
      return [
        ...event.messages.map(messageFrame),
        ...(event.handoff ? [handoffFrame(event.handoff)] : []),
        endFrame(event.sessionId, event.end),
      ];
    default:
      return [];
  }
}
