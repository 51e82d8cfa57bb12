import type OpenAI from "openai";
import type { ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { callWithRetry, type LlmCallResult } from "./call-with-retry.ts";

export interface CompletionTarget {
  client: OpenAI;
  model: string;
  timeoutMs: number;
  /** Aborts every call, e.g. at shut-down. */
  signal?: AbortSignal;
}

/** One chat completion within the time budget (one retry included); the answer's text or a failure. */
export async function completeChat(
  target: CompletionTarget,
  body: Omit<ChatCompletionCreateParamsNonStreaming, "model" | "stream">,
): Promise<LlmCallResult<string>> {
  const result = await callWithRetry(
    (signal) =>
      target.client.chat.completions.create(
        { ...body, model: target.model, stream: false },
        { signal, timeout: target.timeoutMs, maxRetries: 0 },
      ),
    { timeoutMs: target.timeoutMs, ...(target.signal === undefined ? {} : { signal: target.signal }) },
  );
  if (!result.ok) return result;
  const content = result.value.choices[0]?.message.content;
  if (typeof content !== "string" || content.trim() === "") {
    return {
      ok: false,
      failure: {
        kind: "invalid_answer",
        message: "the LLM answered with no text",
        retryable: false,
        retryAfterMs: undefined,
      },
    };
  }
  return { ok: true, value: content };
}

/** Parses a JSON answer, tolerating the code fences some models wrap it in; `undefined` if it is not JSON. */
export function parseJsonAnswer(content: string): unknown {
  const unfenced = content
    .trim()
    .replace(/^```(?:json)?\s*/iu, "")
    .replace(/\s*```$/u, "");
  try {
    return JSON.parse(unfenced);
  } catch {
    return undefined;
  }
}
