/** What a receiver answered: its status, or why there was no answer. */
export type SendResult = { statusCode: number } | { error: string };

/** Sends one webhook request; injectable so tests can answer without a network. */
export type WebhookSender = (request: {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Aborted when the worker stops: the attempt is abandoned, not counted. */
  signal?: AbortSignal | undefined;
}) => Promise<SendResult>;

/** A receiver's answer is read only this far: its body is never used. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs the body with fetch. Redirects are not followed (a 3xx is not a 2xx, so it is
 * retried), and after `timeoutMs` the attempt is abandoned as a failure.
 * @param timeoutMs @default 10000
 */
export function createWebhookSender(timeoutMs = 10_000): WebhookSender {
  return async ({ url, headers, body, signal: stopping }) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = stopping ? AbortSignal.any([timeout, stopping]) : timeout;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "user-agent": "chatflow-webhooks" },
        body,
        redirect: "manual",
        signal,
      });
      await drain(response);
      return { statusCode: response.status };
    } catch (error) {
      if (stopping?.aborted) return { error: "stopped before an answer" };
      if (timeout.aborted) return { error: `no answer within ${timeoutMs} ms` };
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return { error: cause?.code ?? cause?.message ?? (error as Error).message };
    }
  };
}

/** Reads (and drops) a little of the answer so the connection can be reused, then lets go. */
async function drain(response: Response): Promise<void> {
  if (!response.body) return;
  let read = 0;
  const reader = response.body.getReader();
  try {
    while (read <= MAX_ANSWER_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
