import { z } from "zod";
import { blockSchema } from "./block-schemas.ts";
import { blockIdSchema } from "./common-schemas.ts";

/** @default 0.5 */
export const DEFAULT_INTENT_THRESHOLD = 0.5;
/** @default 50 */
export const DEFAULT_MAX_STEPS_PER_TURN = 50;

export const settingsSchema = z.strictObject({
  intentThreshold: z
    .number()
    .min(0)
    .max(1)
    .default(DEFAULT_INTENT_THRESHOLD)
    .describe("Lowest intent confidence that counts as a match. @default 0.5"),
  maxStepsPerTurn: z
    .int()
    .min(1)
    .max(10_000)
    .default(DEFAULT_MAX_STEPS_PER_TURN)
    .describe("Most blocks one customer message may run before the turn stops. @default 50"),
});

export const triggerSchema = z.strictObject({
  id: blockIdSchema,
  keywords: z
    .array(z.string().trim().min(1))
    .min(1)
    .describe("Whole words or phrases, matched case-insensitively anywhere in a customer message."),
  goto: blockIdSchema,
  resume: z
    .boolean()
    .default(false)
    .describe("Push the interrupted position so a `return` block goes back to it. @default false"),
});

export const flowSchema = z.strictObject({
  schemaVersion: z.literal(1),
  name: z.string().min(1),
  start: blockIdSchema,
  settings: settingsSchema.default({
    intentThreshold: DEFAULT_INTENT_THRESHOLD,
    maxStepsPerTurn: DEFAULT_MAX_STEPS_PER_TURN,
  }),
  triggers: z.array(triggerSchema).default([]),
  blocks: z.array(blockSchema).min(1),
});

/** A validated flow, with defaults filled in. */
export type Flow = z.infer<typeof flowSchema>;
/** A flow as written, before defaults. */
export type FlowInput = z.input<typeof flowSchema>;
export type FlowSettings = z.infer<typeof settingsSchema>;
export type Trigger = z.infer<typeof triggerSchema>;

/**
 * The flow format as a JSON Schema (draft 2020-12), for `GET /config/schema`, editors and CI.
 * It describes the document as written, so fields with defaults are optional.
 */
export function flowJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(flowSchema, { io: "input", unrepresentable: "any" });
}
