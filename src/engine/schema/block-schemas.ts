import { z } from "zod";
import { blockIdSchema, scalarSchema, timeoutSchema, varNameSchema } from "./common-schemas.ts";
import { httpBlockSchema } from "./http-block-schema.ts";
import { waitBlockSchema } from "./wait-block-schema.ts";

const next = blockIdSchema.optional().describe("The block that runs after this one; none ends the conversation.");

export const messageBlockSchema = z.strictObject({
  id: blockIdSchema,
  type: z.literal("message"),
  text: z.string().describe("Sent to the customer; `{{var}}` and `{{customer.name}}` are filled in."),
  next,
});

export const intentOptionSchema = z.strictObject({
  id: blockIdSchema,
  description: z.string().min(1),
  examples: z.array(z.string().min(1)).optional(),
  next: blockIdSchema,
});

export const intentBlockSchema = z.strictObject({
  id: blockIdSchema,
  type: z.literal("intent"),
  input: z.string().optional().describe("Text to classify, templated. @default the last customer message"),
  intents: z.array(intentOptionSchema).min(1),
  threshold: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe("Lowest confidence that counts as a match. @default settings.intentThreshold"),
  noMatch: blockIdSchema.optional().describe("Where to go when no intent matches. @default the conversation ends"),
  onError: blockIdSchema.optional().describe("Where to go when the classifier fails. @default noMatch"),
});

export const conditionOperatorSchema = z.enum(["eq", "neq", "gt", "gte", "lt", "lte", "contains", "matches"]);

export const conditionBranchSchema = z.strictObject({
  if: z.strictObject({
    var: z.string().min(1).describe("A variable name, or `customer.name` / `customer.id`."),
    op: conditionOperatorSchema,
    value: scalarSchema.describe(
      "Compared with the variable; strings are templated. With `matches`: a regular expression, `/body/flags` to give flags (i, m, s), run by RE2 in linear time, so without backreferences or lookarounds; variables are inserted as literal text.",
    ),
  }),
  next: blockIdSchema,
});

export const conditionBlockSchema = z.strictObject({
  id: blockIdSchema,
  type: z.literal("condition"),
  branches: z.array(conditionBranchSchema).min(1),
  else: blockIdSchema.optional().describe("Where to go when no branch holds. @default the conversation ends"),
});

export const setBlockSchema = z.strictObject({
  id: blockIdSchema,
  type: z.literal("set"),
  var: varNameSchema,
  value: scalarSchema.describe("Strings are templated; numbers and booleans are stored as they are."),
  next,
});

export const feedbackBlockSchema = z.strictObject({
  id: blockIdSchema,
  type: z.literal("feedback"),
  rating: z.union([z.string(), z.int()]).describe("A whole number 1–5 after templating, e.g. `{{rating}}`."),
  comment: z.string().optional().describe("Templated; empty means no comment."),
  next,
});

export const aiBlockSchema = z.strictObject({
  id: blockIdSchema,
  type: z.literal("ai"),
  prompt: z.string().min(1).describe("Instructions for the LLM, templated; the conversation so far is added."),
  fallbackText: z.string().describe("Sent when no LLM is configured or it fails."),
  next,
});

export const returnBlockSchema = z.strictObject({
  id: blockIdSchema,
  type: z.literal("return"),
});

export const endBlockSchema = z.strictObject({
  id: blockIdSchema,
  type: z.literal("end"),
  text: z.string().optional(),
});

export const handoffBlockSchema = z.strictObject({
  id: blockIdSchema,
  type: z.literal("handoff"),
  text: z.string().optional().describe("Sent before the conversation joins the queue; templated."),
  queue: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe("The queue operators see the conversation in, e.g. `billing`. @default none"),
  next: blockIdSchema.describe("Where the flow continues when an operator releases the conversation."),
  timeout: timeoutSchema
    .optional()
    .describe("When no operator has claimed the conversation within `after`, the flow continues at `next`."),
});

export const blockSchema = z.discriminatedUnion("type", [
  messageBlockSchema,
  waitBlockSchema,
  intentBlockSchema,
  conditionBlockSchema,
  setBlockSchema,
  feedbackBlockSchema,
  aiBlockSchema,
  returnBlockSchema,
  endBlockSchema,
  handoffBlockSchema,
  httpBlockSchema,
]);

export type MessageBlock = z.infer<typeof messageBlockSchema>;
export type IntentBlock = z.infer<typeof intentBlockSchema>;
export type ConditionOperator = z.infer<typeof conditionOperatorSchema>;
export type ConditionBlock = z.infer<typeof conditionBlockSchema>;
export type SetBlock = z.infer<typeof setBlockSchema>;
export type FeedbackBlock = z.infer<typeof feedbackBlockSchema>;
export type AiBlock = z.infer<typeof aiBlockSchema>;
export type ReturnBlock = z.infer<typeof returnBlockSchema>;
export type EndBlock = z.infer<typeof endBlockSchema>;
export type HandoffBlock = z.infer<typeof handoffBlockSchema>;
export type Block = z.infer<typeof blockSchema>;
export type BlockType = Block["type"];
export type { WaitBlock } from "./wait-block-schema.ts";
export type { HttpBlock } from "./http-block-schema.ts";
