import type { ChatMessage, HandoffInfo, SessionInfo, TurnEnd } from "../../chat/chat-types.ts";
import type { ErrorCode } from "../../domain-error.ts";

/** The server → client frames (docs/PROTOCOL.md, Server frames). */
export type ServerFrame =
  | ({ type: "session"; customerToken: string | undefined } & Omit<SessionInfo, never>)
  | ({ type: "message" } & Omit<ChatMessage, "customerId" | "clientMsgId" | "operator"> & {
        clientMsgId?: string;
        operator?: string;
      })
  | { type: "handoff"; sessionId: string; status: HandoffInfo["status"]; operator?: string }
  | { type: "waiting"; sessionId: string; blockId: string }
  | { type: "ended"; sessionId: string }
  | { type: "error"; code: ErrorCode; message: string };

export function sessionFrame(session: SessionInfo, customerToken: string | undefined): ServerFrame {
  return { type: "session", ...session, customerToken };
}

export function messageFrame(message: ChatMessage): ServerFrame {
  const { customerId: _customer, clientMsgId, operator, ...rest } = message;
  return { type: "message", ...rest, ...(clientMsgId ? { clientMsgId } : {}), ...(operator ? { operator } : {}) };
}

/** Where the conversation stands with the human operators. */
export function handoffFrame(handoff: HandoffInfo): ServerFrame {
  const { sessionId, status, operator } = handoff;
  return { type: "handoff", sessionId, status, ...(operator && status !== "queued" ? { operator } : {}) };
}

export function endFrame(sessionId: string, end: TurnEnd): ServerFrame {
  return end.type === "waiting" ? { type: "waiting", sessionId, blockId: end.blockId } : { type: "ended", sessionId };
}

export function errorFrame(code: ErrorCode, message: string): ServerFrame {
  return { type: "error", code, message };
}
