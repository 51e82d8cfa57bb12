// Multi-domain intent sets (test/fixtures/eval-domains): one intent block per domain, measured
// with the intents' examples and with their descriptions alone, as a hand-written flow has them.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { IntentOutcome, IntentRequest } from "../../src/engine/ports.ts";
import { measureIntents, type IntentReport } from "./measure.ts";

const domainSet = z.object({
  description: z.string(),
  domains: z
    .array(
      z.object({
        blockId: z.string().min(1),
        intents: z
          .array(
            z.object({ id: z.string().min(1), description: z.string(), examples: z.array(z.string()).default([]) }),
          )
          .min(1),
        lines: z.array(z.object({ text: z.string(), intent: z.string().nullable() })).min(1),
      }),
    )
    .min(1),
});

export type DomainSet = z.infer<typeof domainSet>;

export const domainSetDirectory = path.join(import.meta.dirname, "../../test/fixtures/eval-domains");

/**
 * `tuning.json` (lines the matcher was tuned on), `holdout.json` (never used to choose anything),
 * `fresh.json` and `assistant.json` (domains the intent library did not cover when they were
 * written), `unseen.json` (never tuned on, its misses never read), `support.json` (six more
 * businesses, written apart from the library topics later added for them; its misses never read
 * either); each file's description says more.
 */
export const domainParts = ["tuning", "holdout", "fresh", "assistant", "unseen", "support"] as const;
export type DomainPart = (typeof domainParts)[number];
/**
 * Sets kept for an honest figure on lines nobody tuned on: their figures are printed, their
 * misses never (reading them is how a set becomes a tuning set).
 */
export const missesNeverShown: ReadonlySet<DomainPart> = new Set(["unseen", "support"]);

export async function loadDomainSet(part: DomainPart): Promise<DomainSet> {
  const file = path.join(domainSetDirectory, `${part}.json`);
  const parsed = domainSet.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success)
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

/** Every domain's block measured and pooled; `descriptionsOnly` drops the examples. */
export async function measureDomains(
  classify: (request: IntentRequest) => Promise<IntentOutcome>,
  set: DomainSet,
  descriptionsOnly: boolean,
): Promise<IntentReport> {
  const pooled: IntentReport = {
    inScope: { correct: 0, total: 0 },
    outOfScope: { correct: 0, total: 0 },
    errors: 0,
    mistakes: [],
    latenciesMs: [],
  };
  for (const domain of set.domains) {
    const block = {
      flowKey: descriptionsOnly ? "eval-domains-bare" : "eval-domains",
      blockId: domain.blockId,
      intents: descriptionsOnly ? domain.intents.map((intent) => ({ ...intent, examples: [] })) : domain.intents,
    };
    // A server embeds a block's sentences once per flow version, not per line: as for the
    // default block, that is done before the lines are timed.
    await classify({ ...block, text: "warm-up" });
    const report = await measureIntents(classify, block, domain.lines);
    for (const key of ["inScope", "outOfScope"] as const) {
      pooled[key].correct += report[key].correct;
      pooled[key].total += report[key].total;
    }
    pooled.errors += report.errors;
    pooled.mistakes.push(...report.mistakes.map((m) => ({ ...m, text: `[${domain.blockId}] ${m.text}` })));
    pooled.latenciesMs.push(...report.latenciesMs);
  }
  return pooled;
}
