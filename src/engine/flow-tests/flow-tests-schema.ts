import { z } from "zod";

const expectedStepSchema = z.strictObject({ blockId: z.string(), kind: z.string() });

const expectedFeedbackSchema = z.strictObject({
  rating: z.int(),
  comment: z.string().nullable().optional(),
  sentiment: z.enum(["positive", "neutral", "negative"]).optional(),
});

/** What a turn must produce. Only the fields given are checked. */
export const turnExpectationSchema = z.strictObject({
  bot: z.array(z.string()).optional().describe("The bot's messages this turn, exactly and in order."),
  waiting: z.string().optional().describe("The block the conversation must wait at after the turn."),
  options: z
    .array(z.strictObject({ label: z.string(), value: z.string() }))
    .optional()
    .describe("The quick replies the conversation must wait with, exactly and in order (`[]`: none)."),
  ended: z.literal(true).optional().describe("The conversation must have ended."),
  steps: z
    .array(expectedStepSchema)
    .optional()
    .describe("Steps that must occur, in this order (others may come between)."),
  vars: z
    .record(z.string(), z.json())
    .optional()
    .describe("Variables that must hold these values (JSON values compare by content)."),
  feedback: z.array(expectedFeedbackSchema).optional().describe("The feedback recorded this turn, exactly."),
});

export const flowTestTurnSchema = z.strictObject({
  say: z
    .string()
    .optional()
    .describe("The customer's message; only a first turn (the greeting) or a `release` may omit it."),
  release: z
    .union([z.literal(true), z.string()])
    .optional()
    .describe("Instead of a message: an operator releases the handoff (`true`: at its `next`; a block id: there)."),
  expect: turnExpectationSchema,
});

/** What an `http` block gets in a conversation test instead of a real call. */
export const cannedHttpAnswerSchema = z.union([
  z.strictObject({
    status: z.int().min(100).max(599).describe("2xx: success; 3xx: a refused redirect; others: a failed call."),
    body: z.json().optional().describe("The JSON answer of a 2xx. @default null"),
  }),
  z.strictObject({
    error: z
      .enum(["timeout", "not_json", "too_large", "host_not_allowed", "network", "missing_secret", "invalid_request"])
      .describe("A failure with no usable answer."),
  }),
]);

export const flowTestSchema = z.strictObject({
  name: z.string().min(1),
  customer: z.strictObject({ id: z.string().optional(), name: z.string().nullable().optional() }).optional(),
  http: z
    .record(z.string(), cannedHttpAnswerSchema)
    .optional()
    .describe("Canned answers by http block id; a test that reaches an http block without one fails."),
  turns: z.array(flowTestTurnSchema).min(1),
});

export const flowTestsDocumentSchema = z.strictObject({ tests: z.array(flowTestSchema).min(1) });

export type CannedHttpAnswer = z.infer<typeof cannedHttpAnswerSchema>;
export type TurnExpectation = z.infer<typeof turnExpectationSchema>;
export type FlowTest = z.infer<typeof flowTestSchema>;
export type FlowTestsDocument = z.infer<typeof flowTestsDocumentSchema>;
