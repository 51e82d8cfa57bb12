import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

const intentBlock = z.object({
  flowKey: z.string().default("eval"),
  blockId: z.string().default("route"),
  intents: z
    .array(z.object({ id: z.string().min(1), description: z.string(), examples: z.array(z.string()).default([]) }))
    .min(1),
});
const intentLines = z.object({
  lines: z.array(z.object({ text: z.string(), intent: z.string().nullable() })).min(1),
});
const sentimentItems = z.object({
  items: z
    .array(
      z.object({
        rating: z.number().int().min(1).max(5),
        comment: z.string().nullable(),
        sentiment: z.enum(["positive", "neutral", "negative"]),
      }),
    )
    .min(1),
});

export type IntentBlock = z.infer<typeof intentBlock>;
export type IntentLine = z.infer<typeof intentLines>["lines"][number];
export type SentimentItem = z.infer<typeof sentimentItems>["items"][number];

export interface EvalFixtures {
  block: IntentBlock;
  lines: IntentLine[];
  sentiment: SentimentItem[];
}

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success)
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

/** The labelled sets of a folder: intents.json, intent-lines.json and sentiment.json. */
export async function loadEvalFixtures(directory: string): Promise<EvalFixtures> {
  const [block, lines, sentiment] = await Promise.all([
    readJson(path.join(directory, "intents.json"), intentBlock),
    readJson(path.join(directory, "intent-lines.json"), intentLines),
    readJson(path.join(directory, "sentiment.json"), sentimentItems),
  ]);
  return { block, lines: lines.lines, sentiment: sentiment.items };
}

/**
 * Comments written apart and never read for tuning (`eval-holdout/sentiment-unseen.json`):
 * `npm run eval` prints their figures, never their misses.
 */
export async function loadUnseenComments(): Promise<SentimentItem[]> {
  return (await readJson(path.join(heldOutEvalDirectory, "sentiment-unseen.json"), sentimentItems)).items;
}

/** The bundled labelled sets. */
export const defaultEvalDirectory = path.join(import.meta.dirname, "../../test/fixtures/eval");
/** Lines and comments of the same block written apart and never used to tune anything. */
export const heldOutEvalDirectory = path.join(import.meta.dirname, "../../test/fixtures/eval-holdout");
