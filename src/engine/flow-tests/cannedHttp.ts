import type { HttpOutcome } from "../ports.ts";
import type { CannedHttpAnswer } from "./flow-tests-schema.ts";

/**
 * The outcome a canned answer stands for, as the real caller would report it: 2xx is a success
 * with the body (absent: `null`), 3xx a `redirect`, anything else a `status` error.
 */
export function cannedHttpOutcome(canned: CannedHttpAnswer): HttpOutcome {
  if ("error" in canned) return { status: "error", reason: canned.error, latencyMs: 0 };
  const httpStatus = canned.status;
  if (httpStatus >= 200 && httpStatus < 300)
    return { status: "ok", httpStatus, json: canned.body ?? null, latencyMs: 0 };
  return {
    status: "error",
    reason: httpStatus >= 300 && httpStatus < 400 ? "redirect" : "status",
    httpStatus,
    latencyMs: 0,
  };
}
