import type { IntentOutcome, IntentRequest, SentimentOutcome, SentimentRequest } from "../../src/engine/ports.ts";
import type { IntentBlock, IntentLine, SentimentItem } from "./fixtures.ts";

export interface Tally {
  correct: number;
  total: number;
}

export interface IntentReport {
  inScope: Tally;
  outOfScope: Tally;
  errors: number;
  mistakes: { text: string; expected: string | null; got: string | null; confidence: number }[];
  latenciesMs: number[];
}

export const rate = (tally: Tally): number => (tally.total === 0 ? 1 : tally.correct / tally.total);

/**
 * Routes every line as the engine would: an answer counts as a match only with an intent and a
 * confidence at or above the block threshold (the flow default, 0.5); errors count as wrong.
 */
export async function measureIntents(
  classify: (request: IntentRequest) => Promise<IntentOutcome>,
  block: IntentBlock,
  lines: IntentLine[],
  threshold = 0.5,
): Promise<IntentReport> {
  const report: IntentReport = {
    inScope: { correct: 0, total: 0 },
    outOfScope: { correct: 0, total: 0 },
    errors: 0,
    mistakes: [],
    latenciesMs: [],
  };
  for (const line of lines) {
    const started = performance.now();
    const outcome = await classify({
      flowKey: block.flowKey,
      blockId: block.blockId,
      text: line.text,
      intents: block.intents,
    });
    report.latenciesMs.push(performance.now() - started);
    const routed = outcome.status === "ok" && outcome.confidence >= threshold ? outcome.intent : null;
    if (outcome.status === "error") report.errors += 1;
    const tally = line.intent === null ? report.outOfScope : report.inScope;
    tally.total += 1;
    if (outcome.status === "ok" && routed === line.intent) tally.correct += 1;
    else
      report.mistakes.push({
        text: line.text,
        expected: line.intent,
        got: routed,
        confidence: outcome.status === "ok" ? outcome.confidence : 0,
      });
  }
  return report;
}

export interface SentimentReport {
  overall: Tally;
  byLabel: Record<string, Tally>;
  mistakes: { comment: string | null; rating: number; expected: string; got: string }[];
  latenciesMs: number[];
}

export async function measureSentiment(
  classify: (request: SentimentRequest) => Promise<SentimentOutcome>,
  items: SentimentItem[],
): Promise<SentimentReport> {
  const report: SentimentReport = { overall: { correct: 0, total: 0 }, byLabel: {}, mistakes: [], latenciesMs: [] };
  for (const item of items) {
    const started = performance.now();
    const outcome = await classify({ rating: item.rating, comment: item.comment });
    report.latenciesMs.push(performance.now() - started);
    const label = (report.byLabel[item.sentiment] ??= { correct: 0, total: 0 });
    label.total += 1;
    report.overall.total += 1;
    if (outcome.sentiment === item.sentiment) {
      label.correct += 1;
      report.overall.correct += 1;
    } else {
      report.mistakes.push({
        comment: item.comment,
        rating: item.rating,
        expected: item.sentiment,
        got: outcome.sentiment,
      });
    }
  }
  return report;
}

/** Mean, 95th and 99th percentile (nearest rank) of latencies, in milliseconds. */
export function latencySummary(latenciesMs: number[]): { mean: number; p95: number; p99: number } {
  if (latenciesMs.length === 0) return { mean: 0, p95: 0, p99: 0 };
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  const rank = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)] ?? 0;
  return { mean, p95: rank(0.95), p99: rank(0.99) };
}
