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
    .optional()
    .describe(
      "The older form: accepted answers, matched case-insensitively and stored as written here. Prefer the block's `options`. @default the block's options",
    ),
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

/** At most this many quick replies on one wait block: more is a menu nobody reads. @default 10 */
export const MAX_OPTIONS = 10;

const hasText = (text: string): boolean => text.trim() !== "";

export const quickReplySchema = z.strictObject({
  label: z
    .string()
    .refine(hasText, "a label needs some text")
    .describe("What the customer sees and may type (any case)."),
  value: z.string().describe("Saved under `saveAs` when the customer picks this option."),
});

const optionsSchema = z
  .array(quickReplySchema)
  .min(1)
  .max(MAX_OPTIONS)
  .superRefine((options, ctx) => {
    // A reply names an option by its label in any case, so two labels that differ only in case
    // would make one of them unreachable.
    const seen = new Map<string, number>();
    options.forEach((option, index) => {
      const key = option.label.trim().toLocaleLowerCase();
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else
        ctx.addIssue({
          // Stryker disable next-line StringLiteral: describeSchemaIssues words any unknown code like "custom"
          code: "custom",
          path: [index, "label"],
          message: `option ${index + 1} has the same label as option ${first + 1} (labels are compared ignoring case)`,
        });
    });
  })
  .describe("Quick replies: a reply that is a label (any case), a value or an option's number picks it.");

export const waitBlockSchema = z
  .strictObject({
    id: blockIdSchema,
    type: z.literal("wait"),
    saveAs: varNameSchema.optional().describe("Variable that receives the accepted reply (a picked option's `value`)."),
    options: optionsSchema.optional(),
    validate: replyRuleSchema.optional(),
    retry: retrySchema.optional(),
    timeout: timeoutSchema
      .optional()
      .describe(
        "When the customer sends nothing for `after`, the flow continues at `next` in a turn the server starts.",
      ),
    next: blockIdSchema.optional(),
  })
  .superRefine((block, ctx) => {
    if (block.validate?.type !== "choice") return;
    const own = block.validate.options !== undefined;
    if (!own && block.options === undefined)
      ctx.addIssue({
        // Stryker disable next-line StringLiteral: describeSchemaIssues words any unknown code like "custom"
        code: "custom",
        path: ["validate"],
        message: 'a "choice" accepts only the block\'s options, and this block has no "options"',
      });
    if (own && block.options !== undefined)
      ctx.addIssue({
        // Stryker disable next-line StringLiteral: describeSchemaIssues words any unknown code like "custom"
        code: "custom",
        path: ["validate", "options"],
        message: "give the choices once, as the block's \"options\" (the rule's own list is the older form)",
      });
  });

export type ReplyRule = z.infer<typeof replyRuleSchema>;
export type RetryConfig = z.infer<typeof retrySchema>;
export type WaitBlock = z.infer<typeof waitBlockSchema>;
export type QuickReply = z.infer<typeof quickReplySchema>;
