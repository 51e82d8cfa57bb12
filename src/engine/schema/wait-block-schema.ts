import { z } from "zod";
import { blockIdSchema, timeoutSchema, varNameSchema } from "./common-schemas.ts";

/** A range whose bounds are the wrong way round would reject every reply. */
function isOrdered(rule: { min?: number | undefined; max?: number | undefined }): boolean {
  return rule.min === undefined || rule.max === undefined || rule.min <= rule.max;
}
const RANGE_ORDER = { message: "max must not be below min", path: ["max"] };

// Each rule is its own strict object so a field that belongs to another rule (say `options`
// on a `rating`) is reported as unknown instead of being silently ignored.
const textRuleSchema = z
  .strictObject({
    type: z.literal("text"),
    min: z.int().min(0).optional().describe("Fewest characters after trimming. @default 1"),
    max: z.int().min(1).optional().describe("Most characters. @default no limit"),
  })
  .refine(isOrdered, RANGE_ORDER);

const numberRuleSchema = z
  .strictObject({
    type: z.literal("number"),
    min: z.number().optional().describe("Smallest accepted number (inclusive)."),
    max: z.number().optional().describe("Largest accepted number (inclusive)."),
  })
  .refine(isOrdered, RANGE_ORDER);

const ratingRuleSchema = z
  .strictObject({
    type: z.literal("rating"),
    min: z.int().optional().describe("Lowest whole number accepted. @default 1"),
    max: z.int().optional().describe("Highest whole number accepted. @default 5"),
  })
  .refine(isOrdered, RANGE_ORDER);

const emailRuleSchema = z.strictObject({ type: z.literal("email") });

const choiceRuleSchema = z.strictObject({
  type: z.literal("choice"),
  options: z
    .array(z.string().min(1))
    .min(1)
    .describe("Accepted answers, matched case-insensitively; the option is stored as written here."),
});

export const replyRuleSchema = z.discriminatedUnion("type", [
  textRuleSchema,
  numberRuleSchema,
  ratingRuleSchema,
  emailRuleSchema,
  choiceRuleSchema,
]);

export const retrySchema = z.strictObject({
  text: z.string().describe("Sent after an invalid reply; templated."),
  max: z.int().min(0).optional().describe("How many times the retry text is sent before giving up. @default no limit"),
  exhausted: blockIdSchema
    .optional()
    .describe("Where to go once `max` retries are used up. @default the conversation ends"),
});

export const waitBlockSchema = z.strictObject({
  id: blockIdSchema,
  type: z.literal("wait"),
  saveAs: varNameSchema.optional().describe("Variable that receives the accepted reply."),
  validate: replyRuleSchema.optional(),
  retry: retrySchema.optional(),
  timeout: timeoutSchema
    .optional()
    .describe("When the customer sends nothing for `after`, the flow continues at `next` in a turn the server starts."),
  next: blockIdSchema.optional(),
});

export type ReplyRule = z.infer<typeof replyRuleSchema>;
export type RetryConfig = z.infer<typeof retrySchema>;
export type WaitBlock = z.infer<typeof waitBlockSchema>;
