import OpenAI from "openai";

/** How to reach an OpenAI-compatible server. */
export interface OpenAiSettings {
  /** Any non-empty string for servers that need no key. */
  apiKey: string;
  /** @default the SDK's default, https://api.openai.com/v1 */
  baseUrl?: string | undefined;
  /** @default "gpt-4o-mini" (set by the config) */
  model: string;
  /** Budget of one port call, retries and back-off included. @default 8000 (OPENAI_TIMEOUT_MS) */
  timeoutMs: number;
}

/**
 * The SDK client with its own retries off: `callWithRetry` does the single retry, inside the
 * port's one time budget, which the SDK's retry loop does not know about.
 */
export function createOpenAiClient(settings: OpenAiSettings): OpenAI {
  return new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseUrl ?? null,
    timeout: settings.timeoutMs,
    maxRetries: 0,
  });
}
