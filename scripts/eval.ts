// Accuracy of the AI classifiers on labelled sets: `npm run eval [-- --dir DIR] [-- --fit]`.
// Offline always; the LLM too when OPENAI_API_KEY or OPENAI_BASE_URL is set. Exit code 1 when
// the offline classifiers miss their targets. `npm run eval` starts it with the server's V8 flags
// (`--liftoff-only` among them, which runs the encoder's WebAssembly ~1.5x slower), so the
// per-line times are what a server gives; it says so when it was started without them.
import path from "node:path";
import { parseArgs } from "node:util";
import { runMemory } from "../bench/phases/memory.ts";
import { SERVER_NODE_FLAGS } from "../bench/servers/start-chatflow.ts";
import { createAiPorts } from "../src/ai/create-ai-ports.ts";
import { createSentenceEmbedder, type SentenceEmbedder } from "../src/ai/offline/embeddings.ts";
import { createOfflineIntentMatcher } from "../src/ai/offline/intent-matcher.ts";
import { classifySentimentWithMeaning } from "../src/ai/offline/sentiment.ts";
import { warmUpWink } from "../src/ai/offline/wink.ts";
import { intentCalibration } from "../src/ai/offline/intent-decision.ts";
import { parseConfig } from "../src/config/env.ts";
import { domainParts, loadDomainSet, measureDomains, missesNeverShown } from "./eval/domains.ts";
import {
  defaultEvalDirectory,
  heldOutEvalDirectory,
  loadEvalFixtures,
  loadUnseenComments,
  type EvalFixtures,
} from "./eval/fixtures.ts";
import { accuracyOf, collectSamples, crossValidate, fitLogistic } from "./eval/fit-calibration.ts";
import {
  latencySummary,
  measureIntents,
  measureSentiment,
  rate,
  type IntentReport,
  type SentimentReport,
  type Tally,
} from "./eval/measure.ts";

export const targets = { inScope: 0.9, outOfScope: 0.85, sentiment: 0.92 };
/** Issue 22: classifying one line, p99, on this 2-core machine. */
const LINE_P99_TARGET_MS = 30;
/** Issue 22: an idle server with the offline classifiers loaded. */
const IDLE_RSS_TARGET_MB = 300;
/** Issue 22's targets for hand-written flows (measured there on sets the project does not hold), shown beside the domain sets. */
const domainTargets = {
  descriptionsOnly: { inScope: 0.88, outOfScope: 0.9 },
  withExamples: { inScope: 0.96, outOfScope: 0.92 },
};

const { values } = parseArgs({
  options: {
    dir: { type: "string" },
    fit: { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
    only: { type: "string" },
    memory: { type: "boolean", default: true },
  },
  allowNegative: true,
});
if (values.only !== undefined && !(domainParts as readonly string[]).includes(values.only)) {
  console.error(`--only ${values.only}: no such domain set (one of ${domainParts.join(", ")})`);
  process.exit(2);
}
/** Without `--dir`: the default flow's block and its held-out lines (never used for tuning). */
const directories = values.dir === undefined ? [defaultEvalDirectory, heldOutEvalDirectory] : [values.dir];
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const line = (label: string, tally: Tally, target?: number) =>
  console.log(
    `  ${label.padEnd(24)} ${`${tally.correct}/${tally.total}`.padStart(7)} = ${percent(rate(tally)).padStart(6)}${target === undefined ? "" : `   (target ≥ ${percent(target)})`}`,
  );
const ms = (value: number) => `${value.toFixed(1)} ms`;

function printIntents(
  report: IntentReport,
  shown?: { inScope: number; outOfScope: number },
  missesShown = !values.quiet,
): void {
  line("intent, in scope", report.inScope, shown?.inScope);
  line("intent, out of scope", report.outOfScope, shown?.outOfScope);
  // A wrong goodbye ends the conversation: it must be rarer than a wrong none.
  const wrongGoodbyes = report.mistakes.filter((m) => m.got === "goodbye").length;
  const wrongNones = report.mistakes.filter((m) => m.got === null).length;
  console.log(
    `  wrong goodbye ${wrongGoodbyes}, wrong none ${wrongNones}, other wrong intent ${report.mistakes.length - wrongGoodbyes - wrongNones}`,
  );
  const latency = latencySummary(report.latenciesMs);
  console.log(
    `  per line: mean ${ms(latency.mean)}, p95 ${ms(latency.p95)}, p99 ${ms(latency.p99)} (target ≤ ${ms(LINE_P99_TARGET_MS)})${report.errors > 0 ? `, ${report.errors} errors` : ""}`,
  );
  if (missesShown)
    for (const m of report.mistakes)
      console.log(
        `    ✗ "${m.text}": expected ${m.expected ?? "none"}, got ${m.got ?? "none"} (${m.confidence.toFixed(2)})`,
      );
}

function printSentiment(
  report: SentimentReport,
  withTargets: boolean,
  { missesShown = !values.quiet, label = "sentiment" }: { missesShown?: boolean; label?: string } = {},
): void {
  line(label, report.overall, withTargets ? targets.sentiment : undefined);
  for (const [label, tally] of Object.entries(report.byLabel)) line(`  ${label}`, tally);
  const latency = latencySummary(report.latenciesMs);
  console.log(`  per comment: mean ${ms(latency.mean)}, p95 ${ms(latency.p95)}, p99 ${ms(latency.p99)}`);
  if (missesShown)
    for (const m of report.mistakes)
      console.log(`    ✗ ${m.rating}★ "${m.comment ?? ""}": expected ${m.expected}, got ${m.got}`);
}

/**
 * Every offline classification's time in this run, all sets pooled: a set of ~100 lines has its
 * slowest line or two as its p99, so the per-set figures swing with one collection pause; the
 * pooled p99 is a 99th percentile of several hundred lines.
 */
const offlineLatenciesMs: number[] = [];

/** The models, loaded once for every set (the first set's output shows their load times). */
let models: Promise<SentenceEmbedder> | undefined;
async function loadModels(): Promise<SentenceEmbedder> {
  let started = performance.now();
  warmUpWink();
  const winkMs = performance.now() - started;
  const embedder = createSentenceEmbedder({ onError: (error) => console.log(`  embeddings failed: ${String(error)}`) });
  started = performance.now();
  await embedder.warmUp();
  console.log(
    `  load: wink ${ms(winkMs)}, embeddings ${ms(performance.now() - started)}; RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
  );
  return embedder;
}

/** The V8 flags `npm start` passes that this process lacks: per-line times differ without them. */
const missingServerFlags = SERVER_NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag));

async function evaluateOffline(set: EvalFixtures, directory: string, withDomains: boolean): Promise<boolean> {
  console.log(`Offline classifiers on ${path.relative(process.cwd(), directory) || directory}`);
  console.log(
    missingServerFlags.length === 0
      ? `  V8 flags as the server's (${SERVER_NODE_FLAGS.join(" ")})`
      : `  V8 flags: without the server's ${missingServerFlags.join(" ")}; per-line times are not a server's`,
  );
  models ??= loadModels();
  const embedder = await models;
  const matcher = createOfflineIntentMatcher({ embedder });
  const sentences = set.block.intents.reduce((sum, intent) => sum + 1 + intent.examples.length, 0);
  const started = performance.now();
  await matcher.classify({ ...set.block, text: "warm-up" });
  console.log(`  block prototypes: ${sentences} sentences embedded once in ${ms(performance.now() - started)}`);
  const intents = await measureIntents((request) => matcher.classify(request), set.block, set.lines);
  offlineLatenciesMs.push(...intents.latenciesMs);
  printIntents(intents, targets);
  const sentiment = await measureSentiment((request) => classifySentimentWithMeaning(request, embedder), set.sentiment);
  printSentiment(sentiment, true);
  if (directory === heldOutEvalDirectory) {
    // Comments nobody tuned for: their figure only (reading the misses is how a set becomes a tuning set).
    const unseen = await measureSentiment(
      (request) => classifySentimentWithMeaning(request, embedder),
      await loadUnseenComments(),
    );
    printSentiment(unseen, true, { missesShown: false, label: "sentiment, never read" });
  }

  const bare = {
    ...set.block,
    blockId: `${set.block.blockId}-bare`,
    intents: set.block.intents.map((i) => ({ ...i, examples: [] })),
  };
  const bareReport = await measureIntents((request) => matcher.classify(request), bare, set.lines);
  offlineLatenciesMs.push(...bareReport.latenciesMs);
  console.log(
    `  robustness, descriptions only (no examples): in scope ${percent(rate(bareReport.inScope))}, out of scope ${percent(rate(bareReport.outOfScope))}`,
  );

  for (const part of withDomains ? domainParts : []) {
    if (values.only !== undefined && values.only !== part) continue;
    const set = await loadDomainSet(part);
    for (const descriptionsOnly of [true, false]) {
      console.log(
        `  domains (test/fixtures/eval-domains/${part}.json, ${set.domains.length} blocks), ${descriptionsOnly ? "descriptions only" : "with 3 examples"}:`,
      );
      const report = await measureDomains((request) => matcher.classify(request), set, descriptionsOnly);
      offlineLatenciesMs.push(...report.latenciesMs);
      printIntents(
        report,
        descriptionsOnly ? domainTargets.descriptionsOnly : domainTargets.withExamples,
        !values.quiet && !missesNeverShown.has(part),
      );
    }
  }

  if (values.fit) {
    const samples = await collectSamples(set.block, set.lines, embedder);
    const fitted = fitLogistic(samples);
    const current = accuracyOf(intentCalibration, samples);
    const held = crossValidate(samples);
    console.log(
      `  fit: slope ${fitted.slope.toFixed(1)}, midpoint ${fitted.midpoint.toFixed(3)} (one sentence), lexicalWeight ${fitted.lexicalWeight.toFixed(3)}`,
    );
    const bareSamples = await collectSamples(bare, set.lines, embedder);
    const bareFit = fitLogistic(bareSamples);
    console.log(
      `  fit, descriptions only: slope ${bareFit.slope.toFixed(1)}, midpoint ${bareFit.midpoint.toFixed(3)}, lexicalWeight ${bareFit.lexicalWeight.toFixed(3)}`,
    );
    console.log(
      `  in use: slope ${intentCalibration.slope}, midpoint ${intentCalibration.midpoint}, lexicalWeight ${intentCalibration.lexicalWeight}` +
        ` → in ${percent(current.inScope)}, out ${percent(current.outOfScope)}; 5-fold held-out of a refit: in ${percent(held.inScope)}, out ${percent(held.outOfScope)}`,
    );
  }
  return (
    rate(intents.inScope) >= targets.inScope &&
    rate(intents.outOfScope) >= targets.outOfScope &&
    rate(sentiment.overall) >= targets.sentiment
  );
}

async function evaluateLlm(set: EvalFixtures): Promise<void> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok || parsed.config.openai === undefined) {
    console.log("LLM: skipped (set OPENAI_API_KEY or OPENAI_BASE_URL, and OPENAI_MODEL, to measure it)");
    return;
  }
  const settings = parsed.config.openai;
  console.log(`LLM ${settings.model} at ${settings.baseUrl ?? "api.openai.com"}`);
  const ports = createAiPorts({
    openai: settings,
    history: async () => [],
    circuitBreaker: { failureThreshold: 1_000_000 },
  });
  printIntents(await measureIntents((request) => ports.classifyIntent(request), set.block, set.lines));
  printSentiment(await measureSentiment((request) => ports.classifySentiment(request), set.sentiment), false);
  await ports.close();
}

let offlineMet = true;
for (const [index, directory] of directories.entries()) {
  const fixtures = await loadEvalFixtures(directory);
  if (!(await evaluateOffline(fixtures, directory, index === 0))) offlineMet = false;
  await evaluateLlm(fixtures);
}
if (offlineLatenciesMs.length > 0) {
  const pooled = latencySummary(offlineLatenciesMs);
  console.log(
    `Offline classification, every line above pooled (${offlineLatenciesMs.length} lines): mean ${ms(pooled.mean)}, p95 ${ms(pooled.p95)}, p99 ${ms(pooled.p99)} (target ≤ ${ms(LINE_P99_TARGET_MS)})`,
  );
}
if (values.memory) {
  // The issue's memory figure is the server's, not this process's: a fresh `npm start` on an
  // empty directory, read once idle after a conversation loaded the classifiers (the bench's
  // memory phase, which reads the server before and after too).
  console.log("Server memory (a fresh `npm start`, PGlite; --no-memory skips it, ~1 min)");
  const memory = await runMemory();
  console.log(
    `  idle RSS with the classifiers loaded ${memory.loadedIdleRssMb} MB (target ≤ ${IDLE_RSS_TARGET_MB} MB); ` +
      `before the first conversation ${memory.idleRssMb} MB, after they unloaded while idle ${memory.unloadedIdleRssMb} MB`,
  );
}
process.exitCode = offlineMet ? 0 : 1;
