import { z } from "zod";
import {
  clientMsgIdField,
  customerIdField,
  customerIdSignatureField,
  customerNameField,
  MAX_TEXT_LENGTH,
  storable,
} from "../chat/input-rules.ts";
import { DomainError } from "../domain-error.ts";

const startArgs = z.object({
  customerId: customerIdField.nullish(),
  customerIdSignature: customerIdSignatureField.nullish(),
  name: customerNameField.nullish(),
});

const sendArgs = z.object({
  sessionId: z.string(),
  text: z
    .string()
    .refine((text) => text.trim() !== "", "text is empty")
    .superRefine(storable("text")),
  clientMsgId: clientMsgIdField.nullish(),
});

/** `startConversation`'s arguments, held to the same rules as a `/chat` connect query. */
export function parseStartArgs(args: unknown): z.infer<typeof startArgs> {
  return parseArgs(startArgs, args);
}

/** `sendMessage`'s arguments, held to the same rules as a `/chat` frame. */
export function parseSendArgs(args: unknown): z.infer<typeof sendArgs> {
  const parsed = parseArgs(sendArgs, args);
  if (parsed.text.length > MAX_TEXT_LENGTH)
    throw new DomainError("TOO_LARGE", `text is longer than ${MAX_TEXT_LENGTH} characters`);
  return parsed;
}

function parseArgs<T>(schema: z.ZodType<T>, args: unknown): T {
  const parsed = schema.safeParse(args);
  if (parsed.success) return parsed.data;
  throw new DomainError("BAD_REQUEST", parsed.error.issues.map((issue) => issue.message).join("; "));
}
