import { z } from "zod";
import type { IntentCandidate, IntentRequest } from "../../engine/ports.ts";
import { completeChat, parseJsonAnswer, type CompletionTarget } from "./chat-completion.ts";
import { customerDataMessage, dataNotInstructions } from "./customer-text.ts";
import type { LlmFailure } from "./llm-failure.ts";

/** What the LLM decided: `valid: false` when its answer was not JSON or named no offered intent. */
export type LlmIntentResult =
  { ok: true; intent: string | null; confidence: number; valid: boolean } | { ok: false; failure: LlmFailure };

export interface LlmIntentOptions {
  /** Longer customer lines are cut before they are sent. @default 1000 */
  maxInputChars?: number;
}

const NONE = "none";
const answerShape = z.object({ intent: z.string(), confidence: z.number() });

function instructions(intents: IntentCandidate[]): string {
  const catalogue = intents.map(({ id, description, examples }) => ({ id, description, examples }));
  return [
    "You route a customer's chat message to one intent of a chatbot.",
    `Answer with the id of the one intent the message asks for, or "${NONE}" when none fits or it is unclear,`,
    "and your confidence from 0 to 1.",
    dataNotInstructions,
    `Intents (JSON): ${JSON.stringify(catalogue)}`,
  ].join("\n");
}

/**
 * Asks the LLM to pick one of the block's intents, through a JSON schema whose `intent` can only
 * be an offered id or "none"; the answer is checked again here, since not every
 * OpenAI-compatible server enforces schemas.
 */
export async function classifyIntentWithLlm(
  request: IntentRequest,
  target: CompletionTarget,
  options: LlmIntentOptions = {},
): Promise<LlmIntentResult> {
  const ids = request.intents.map((intent) => intent.id);
  const result = await completeChat(target, {
    temperature: 0,
    max_tokens: 60,
    messages: [
      { role: "system", content: instructions(request.intents) },
      { role: "user", content: customerDataMessage({ customer_message: request.text }, options.maxInputChars ?? 1000) },
    ],
    response_format: {
      type: "json_schema",
      json_schema: {
        name: "intent_choice",
        strict: true,
        schema: {
          type: "object",
          properties: { intent: { type: "string", enum: [...ids, NONE] }, confidence: { type: "number" } },
          required: ["intent", "confidence"],
          additionalProperties: false,
        },
      },
    },
  });
  if (!result.ok) return result;
  const answer = answerShape.safeParse(parseJsonAnswer(result.value));
  if (!answer.success) return { ok: true, intent: null, confidence: 0, valid: false };
  const confidence = Math.max(0, Math.min(1, answer.data.confidence));
  if (answer.data.intent === NONE) return { ok: true, intent: null, confidence, valid: true };
  if (!ids.includes(answer.data.intent)) return { ok: true, intent: null, confidence: 0, valid: false };
  return { ok: true, intent: answer.data.intent, confidence, valid: true };
}
