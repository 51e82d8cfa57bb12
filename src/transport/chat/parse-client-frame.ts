import { z } from "zod";
import { clientMsgIdField, describeUnstorableText, MAX_TEXT_LENGTH } from "../../chat/input-rules.ts";

export { MAX_TEXT_LENGTH };

export type ClientFrame = { type: "message"; text: string; clientMsgId: string | undefined };
export type FrameProblem = { code: "BAD_FRAME" | "TOO_LARGE"; message: string };
export type FrameParse = { ok: true; frame: ClientFrame } | { ok: false; problem: FrameProblem };

const messageFrame = z.strictObject({
  type: z.literal("message", { error: 'type must be "message"' }),
  text: z.string({ error: "text must be a string" }),
  clientMsgId: clientMsgIdField.optional(),
});

/**
 * Reads one client frame (docs/PROTOCOL.md, Client frames). A text frame that is not a JSON object is the message
 * text itself, verbatim (`42` is the text "42", `"x"` the three characters with their quotes);
 * binary frames, blank text, text the database cannot store (NUL, lone surrogates) and
 * malformed objects are `BAD_FRAME`.
 */
export function parseClientFrame(data: Buffer, isBinary: boolean): FrameParse {
  if (isBinary) return problem("BAD_FRAME", "binary frames are not accepted: send text (JSON or plain)");
  let raw: string;
  try {
    raw = new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    return problem("BAD_FRAME", "the frame is not valid UTF-8");
  }
  const value = parseJsonObject(raw);
  if (value === undefined) return checkText(raw, undefined);
  const parsed = messageFrame.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return problem("BAD_FRAME", `${where}${issue?.message ?? "invalid frame"}`);
  }
  return checkText(parsed.data.text, parsed.data.clientMsgId);
}

function parseJsonObject(raw: string): Record<string, unknown> | undefined {
  if (!raw.trimStart().startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function checkText(text: string, clientMsgId: string | undefined): FrameParse {
  if (text.trim() === "") return problem("BAD_FRAME", "text is empty");
  if (text.length > MAX_TEXT_LENGTH) return problem("TOO_LARGE", `text is longer than ${MAX_TEXT_LENGTH} characters`);
  const unstorable = describeUnstorableText(text);
  if (unstorable) return problem("BAD_FRAME", `text ${unstorable}`);
  return { ok: true, frame: { type: "message", text, clientMsgId } };
}

function problem(code: FrameProblem["code"], message: string): FrameParse {
  return { ok: false, problem: { code, message } };
}
