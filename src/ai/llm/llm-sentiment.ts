import { z } from "zod";
import type { Sentiment, SentimentRequest } from "../../engine/ports.ts";
import { completeChat, parseJsonAnswer, type CompletionTarget } from "./chat-completion.ts";
import { customerDataMessage, dataNotInstructions } from "./customer-text.ts";
import type { LlmFailure } from "./llm-failure.ts";

export type LlmSentimentResult = { ok: true; sentiment: Sentiment; score: number } | { ok: false; failure: LlmFailure };

const answerShape = z.object({ sentiment: z.enum(["positive", "neutral", "negative"]), score: z.number() });

const instructions = [
  "You classify the sentiment of a customer's feedback on a chatbot conversation.",
  "The feedback has a rating from 1 (worst) to 5 (best) and a comment. The comment leads; the rating is context,",
  "and settles comments that say little either way. Read negation and hedging carefully",
  '("not bad" is mildly positive, "not helpful at all" negative, "ok I guess" neutral).',
  "Answer with the sentiment (positive, neutral or negative) and a score from -1 (most negative) to 1 (most positive).",
  dataNotInstructions,
].join("\n");

/** Asks the LLM for the sentiment of a comment, with the rating as context. */
export async function classifySentimentWithLlm(
  request: SentimentRequest & { comment: string },
  target: CompletionTarget,
  options: { maxInputChars?: number } = {},
): Promise<LlmSentimentResult> {
  const result = await completeChat(target, {
    temperature: 0,
    max_tokens: 60,
    messages: [
      { role: "system", content: instructions },
      {
        role: "user",
        content: customerDataMessage(
          { rating: request.rating, comment: request.comment },
          options.maxInputChars ?? 2000,
        ),
      },
    ],
    response_format: {
      type: "json_schema",
      json_schema: {
        name: "feedback_sentiment",
        strict: true,
        schema: {
          type: "object",
          properties: {
            sentiment: { type: "string", enum: ["positive", "neutral", "negative"] },
            score: { type: "number" },
          },
          required: ["sentiment", "score"],
          additionalProperties: false,
        },
      },
    },
  });
  if (!result.ok) return result;
  const answer = answerShape.safeParse(parseJsonAnswer(result.value));
  if (!answer.success) {
    return {
      ok: false,
      failure: {
        kind: "invalid_answer",
        message: "the LLM's sentiment was not the JSON asked for",
        retryable: false,
        retryAfterMs: undefined,
      },
    };
  }
  return { ok: true, sentiment: answer.data.sentiment, score: Math.max(-1, Math.min(1, answer.data.score)) };
}
