import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { completeChat, type CompletionTarget } from "./chat-completion.ts";
import type { LlmFailure } from "./llm-failure.ts";

/** One earlier message of the conversation, oldest first. */
export interface HistoryMessage {
  sender: "customer" | "bot";
  text: string;
}

export interface LlmReplyOptions {
  /** Earlier messages sent as context (the newest ones). @default 12 */
  maxHistoryMessages?: number;
  /** Each history message is cut to this many characters. @default 1000 */
  maxMessageChars?: number;
  /** Upper bound on the reply's length, in tokens. @default 300 */
  maxReplyTokens?: number;
  /** The reply is cut to this many characters. @default 2000 */
  maxReplyChars?: number;
}

export type LlmReplyResult = { ok: true; text: string } | { ok: false; failure: LlmFailure };

const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * Builds the request: the flow's prompt as the system message (the flow author's words, so
 * trusted), then the recent conversation in its real roles, so customer text stays a user turn.
 */
export function replyMessages(
  prompt: string,
  history: HistoryMessage[],
  options: LlmReplyOptions = {},
): ChatCompletionMessageParam[] {
  const recent = history.slice(-(options.maxHistoryMessages ?? 12));
  const maxChars = options.maxMessageChars ?? 1000;
  return [
    { role: "system", content: prompt },
    ...recent.map((message): ChatCompletionMessageParam =>
      message.sender === "customer"
        ? { role: "user", content: cut(message.text, maxChars) }
        : { role: "assistant", content: cut(message.text, maxChars) },
    ),
  ];
}

/** Completes an `ai` block's prompt with the conversation so far. */
export async function completeReplyWithLlm(
  prompt: string,
  history: HistoryMessage[],
  target: CompletionTarget,
  options: LlmReplyOptions = {},
): Promise<LlmReplyResult> {
  const result = await completeChat(target, {
    max_tokens: options.maxReplyTokens ?? 300,
    messages: replyMessages(prompt, history, options),
  });
  if (!result.ok) return result;
  return { ok: true, text: cut(result.value.trim(), options.maxReplyChars ?? 2000) };
}
