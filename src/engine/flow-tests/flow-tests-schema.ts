import { z } from "zod";
import { scalarSchema } from "../schema/common-schemas.ts";

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
  vars: z.record(z.string(), scalarSchema).optional().describe("Variables that must hold these values."),
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

export const flowTestSchema = z.strictObject({
  name: z.string().min(1),
  customer: z.strictObject({ id: z.string().optional(), name: z.string().nullable().optional() }).optional(),
  turns: z.array(flowTestTurnSchema).min(1),
});

export const flowTestsDocumentSchema = z.strictObject({ tests: z.array(flowTestSchema).min(1) });

export type TurnExpectation = z.infer<typeof turnExpectationSchema>;
export type FlowTest = z.infer<typeof flowTestSchema>;
export type FlowTestsDocument = z.infer<typeof flowTestsDocumentSchema>;
