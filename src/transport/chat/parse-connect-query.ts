import { z } from "zod";
import { customerIdField, customerIdSignatureField, customerNameField } from "../../chat/input-rules.ts";

const connectQuery = z.object({
  customerId: customerIdField.optional(),
  token: z.string().max(512, "token: at most 512 characters").optional(),
  customerIdSignature: customerIdSignatureField.optional(),
  name: customerNameField.optional(),
});

export type ConnectQuery = z.infer<typeof connectQuery>;

/** Reads `?customerId=…&token=…&customerIdSignature=…&name=…` of a `/chat` upgrade. */
export function parseConnectQuery(
  url: string | undefined,
): { ok: true; value: ConnectQuery } | { ok: false; message: string } {
  const params = Object.fromEntries(new URL(url ?? "/", "http://localhost").searchParams);
  const blankless = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== ""));
  const parsed = connectQuery.safeParse(blankless);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, message: parsed.error.issues.map((issue) => issue.message).join("; ") };
}
