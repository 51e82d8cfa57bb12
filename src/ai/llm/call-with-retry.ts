import { toLlmFailure, type LlmFailure } from "./llm-failure.ts";

export type LlmCallResult<T> = { ok: true; value: T } | { ok: false; failure: LlmFailure };

export interface RetryOptions {
  /** Whole budget for the attempts and the wait between them, in milliseconds. */
  timeoutMs: number;
  /** Wait before the retry when the server names none. @default 250 */
  defaultBackoffMs?: number;
  /** Milliseconds clock. @default Date.now */
  now?: () => number;
  /** Waits before the retry, ending early on abort. @default a timer */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Aborts the call from outside (shut-down). @default none */
  signal?: AbortSignal;
}

const abortableSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/**
 * Runs `attempt` at most twice: once more after a 429 or 5xx, waiting what `retry-after` asks,
 * but only when that wait still fits in the budget. Every attempt gets the one deadline as its
 * abort signal, so a server that never answers costs `timeoutMs`, not more.
 */
export async function callWithRetry<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  options: RetryOptions,
): Promise<LlmCallResult<T>> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const deadline = now() + options.timeoutMs;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
  let failure: LlmFailure | undefined;
  for (let tries = 0; tries < 2; tries++) {
    if (failure !== undefined) {
      const wait = failure.retryAfterMs ?? options.defaultBackoffMs ?? 250;
      // A wait past the deadline would only end in a time-out: report the real cause now.
      if (!failure.retryable || now() + wait >= deadline) return { ok: false, failure };
      await sleep(wait, signal);
      if (signal.aborted) return { ok: false, failure };
    }
    try {
      return { ok: true, value: await attempt(signal) };
    } catch (error) {
      failure = timeout.aborted
        ? { kind: "timeout", message: "the LLM did not answer in time", retryable: false, retryAfterMs: undefined }
        : signal.aborted
          ? {
              kind: "network",
              message: "the call was aborted (shutting down)",
              retryable: false,
              retryAfterMs: undefined,
            }
          : toLlmFailure(error, now());
    }
  }
  return { ok: false, failure: failure ?? toLlmFailure(new Error("no attempt made"), now()) };
}
