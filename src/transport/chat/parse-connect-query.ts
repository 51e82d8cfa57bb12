import { z } from "zod";

const connectQuery = z.object({
  customerId: z
    .string()
    .regex(/^[\w.@:-]{1,128}$/, "customerId: 1–128 letters, digits or . _ - @ :")
    .optional(),
  token: z.string().max(512).optional(),
  name: z.string().trim().max(100, "name: at most 100 characters").optional(),
});

export type ConnectQuery = z.infer<typeof connectQuery>;

/** Reads `?customerId=…&token=…&name=…` of a `/chat` upgrade. */
export function parseConnectQuery(
  url: string | undefined,
): { ok: true; value: ConnectQuery } | { ok: false; message: string } {
  const params = Object.fromEntries(new URL(url ?? "/", "http://localhost").searchParams);
  const blankless = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== ""));
  const parsed = connectQuery.safeParse(blankless);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, message: parsed.error.issues.map((issue) => issue.message).join("; ") };
}
