import { APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";

/** Why an LLM call gave no usable answer. */
export type LlmFailureKind =
  "timeout" | "rate_limited" | "server_error" | "client_error" | "network" | "invalid_answer";

export interface LlmFailure {
  kind: LlmFailureKind;
  message: string;
  /** Only 429 and 5xx are worth one more try. */
  retryable: boolean;
  /** What the server asked us to wait (retry-after / retry-after-ms), in milliseconds. */
  retryAfterMs: number | undefined;
}

/** Reads `retry-after-ms`, or `retry-after` as seconds or an HTTP date. */
export function parseRetryAfter(headers: Headers | undefined, nowMs: number): number | undefined {
  const millis = Number(headers?.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(millis) && millis >= 0) return millis;
  const value = headers?.get("retry-after");
  if (value === undefined || value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Sorts what the SDK threw into the failure kinds the ports report. */
export function toLlmFailure(error: unknown, nowMs: number): LlmFailure {
  if (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) {
    return { kind: "timeout", message: "the LLM did not answer in time", retryable: false, retryAfterMs: undefined };
  }
  if (error instanceof APIError && typeof error.status === "number") {
    const status = error.status;
    const retryAfterMs = parseRetryAfter(error.headers as Headers | undefined, nowMs);
    if (status === 429) return { kind: "rate_limited", message: `rate limited (429)`, retryable: true, retryAfterMs };
    if (status >= 500)
      return { kind: "server_error", message: `server error (${status})`, retryable: true, retryAfterMs };
    return {
      kind: "client_error",
      message: `request refused (${status}): ${error.message}`,
      retryable: false,
      retryAfterMs,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "network", message: `cannot reach the LLM: ${message}`, retryable: false, retryAfterMs: undefined };
}
