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
  | { type: "waiting"; sessionId: string; blockId: string; options?: Array<{ label: string; value: string }> }
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

/** `options` only when the wait block offers quick replies, so older clients see the frame they know. */
export function endFrame(sessionId: string, end: TurnEnd): ServerFrame {
  if (end.type === "ended") return { type: "ended", sessionId };
  const { blockId, options } = end;
  return options ? { type: "waiting", sessionId, blockId, options } : { type: "waiting", sessionId, blockId };
}

export function errorFrame(code: ErrorCode, message: string): ServerFrame {
  return { type: "error", code, message };
}
