import { z } from "zod";

// The server frames (docs/PROTOCOL.md) as the CLI reads them: loose (extra fields are ignored) so a newer
// server does not break an older CLI, strict on what the CLI relies on.
const frameSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("session"),
    sessionId: z.string(),
    customerId: z.string(),
    customerToken: z.string().nullish(),
    flowVersion: z.number(),
    resumed: z.boolean(),
  }),
  z.object({
    type: z.literal("message"),
    id: z.string(),
    sessionId: z.string(),
    sender: z.enum(["customer", "bot", "operator"]),
    operator: z.string().optional(),
    text: z.string(),
    blockId: z.string().nullish(),
    createdAt: z.string(),
    clientMsgId: z.string().optional(),
  }),
  z.object({
    type: z.literal("handoff"),
    sessionId: z.string(),
    status: z.enum(["queued", "assigned", "released"]),
    operator: z.string().optional(),
  }),
  z.object({
    type: z.literal("waiting"),
    sessionId: z.string(),
    blockId: z.string(),
    // Quick replies are a help, not the conversation: a malformed list is dropped, not the frame.
    options: z
      .array(z.object({ label: z.string(), value: z.string() }))
      .optional()
      .catch(undefined),
  }),
  z.object({ type: z.literal("ended"), sessionId: z.string() }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
]);

export type ServerFrame = z.infer<typeof frameSchema>;
export type MessageFrame = Extract<ServerFrame, { type: "message" }>;
export type SessionFrame = Extract<ServerFrame, { type: "session" }>;

/** Frames that close a turn: every client frame is answered by frames ending with one of them. */
export type TurnEndFrame = Extract<ServerFrame, { type: "waiting" | "ended" | "error" }>;

export function isTurnEnd(frame: ServerFrame): frame is TurnEndFrame {
  return frame.type === "waiting" || frame.type === "ended" || frame.type === "error";
}

/** Reads one server frame; `undefined` for anything this CLI does not understand. */
export function parseServerFrame(data: string): ServerFrame | undefined {
  try {
    const parsed = frameSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
