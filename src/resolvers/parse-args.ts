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

const releaseArgs = z.object({
  sessionId: z.string(),
  goto: z
    .string()
    .min(1, "goto is empty")
    .max(200, "goto: at most 200 characters")
    .superRefine(storable("goto"))
    .nullish(),
});

/** `sendOperatorMessage`'s arguments: the same rules as a customer's message. */
export function parseOperatorMessageArgs(args: unknown): z.infer<typeof sendArgs> {
  return parseSendArgs(args);
}

/** `releaseConversation`'s arguments. */
export function parseReleaseArgs(args: unknown): z.infer<typeof releaseArgs> {
  return parseArgs(releaseArgs, args);
}

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
