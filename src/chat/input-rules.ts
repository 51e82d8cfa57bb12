import { z } from "zod";
import { describeUnstorableText } from "../engine/index.ts";

/** Longest customer message, on every transport. @default 4000 */
export const MAX_TEXT_LENGTH = 4000;

/** Longest `clientMsgId`. @default 200 */
export const MAX_CLIENT_MSG_ID_LENGTH = 200;

export { describeUnstorableText };

/** A zod check that the database can store the string (no NUL, no lone surrogate). */
export function storable(field: string) {
  return (value: string, context: z.RefinementCtx) => {
    const problem = describeUnstorableText(value);
    if (problem) context.addIssue({ code: "custom", message: `${field} ${problem}` });
  };
}

/** Customer ids chosen by clients: short and plain, since they appear in URLs and logs. */
export const customerIdField = z.string().regex(/^[\w.@:-]{1,128}$/, "customerId: 1–128 letters, digits or . _ - @ :");

/** Hex HMAC-SHA256 of the customerId (64 hex digits); whether it matches is the chat service's to say. */
export const customerIdSignatureField = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, "customerIdSignature: 64 hex digits, the HMAC-SHA256 of the customerId");

export const customerNameField = z
  .string()
  .trim()
  .max(100, "name: at most 100 characters")
  .superRefine(storable("name"));

export const clientMsgIdField = z
  .string()
  .min(1, "clientMsgId is empty")
  .max(MAX_CLIENT_MSG_ID_LENGTH, `clientMsgId is at most ${MAX_CLIENT_MSG_ID_LENGTH} characters`)
  .superRefine(storable("clientMsgId"));
