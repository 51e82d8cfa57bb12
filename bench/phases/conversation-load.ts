import { GeneratorFleet, type LoadShape } from "../load/generator-fleet.ts";
import type { GeneratorErrors } from "../load/generator-protocol.ts";
import { round, summarizeLatencies, type LatencySummary } from "../report/stats.ts";
import { sampleRss, type RssSummary } from "../servers/rss.ts";
import { assertStillRunning, type RunningServer } from "../servers/start-chatflow.ts";

export interface ConversationTiming {
  warmupSeconds: number;
  seconds: number;
  /** How long turns in flight at the end may take to finish before they count as undrained. @default 15000 */
  drainMs: number;
}

export interface ConversationResult {
  customers: number;
  connected: number;
  connectSeconds: number;
  windowSeconds: number;
  turns: number;
  turnsPerSecond: number;
  latencyMs: LatencySummary;
  errors: GeneratorErrors & { total: number };
  undrained: number;
  framesPerTurn: number;
  bytesPerTurn: number;
  serverRssMb: { peak: number; end: number };
}

/**
 * Conversation load against a running server: connect every customer (batched), let them talk
 * for warm-up + window, time the turns that end inside the window, then drain and hang up.
 * Returns the figures and, per customer id, the messages the server acknowledged (for integrity).
 */
export async function runConversationLoad(
  server: RunningServer,
  shape: LoadShape,
  timing: ConversationTiming,
): Promise<{ result: ConversationResult; acknowledged: Record<string, number> }> {
  const { fleet, connect } = await GeneratorFleet.connect(server.wsUrl, shape);
  let rss: RssSummary | undefined;
  try {
    const sampler = sampleRss(server.pid);
    fleet.go();
    await sleep(timing.warmupSeconds * 1000);
    fleet.measure();
    await sleep(timing.seconds * 1000);
    rss = sampler.stop();
    const report = await fleet.stop(timing.drainMs);
    await fleet.close();
    assertStillRunning(server, "conversation load");
    const errors = { ...report.errors, total: 0 };
    errors.total = errors.errorFrames + errors.closes + errors.timeouts + errors.connectFailures;
    const result: ConversationResult = {
      customers: shape.customers,
      connected: connect.connected,
      connectSeconds: round(connect.connectMs / 1000, 2),
      windowSeconds: round(report.windowMs / 1000, 2),
      turns: report.turns,
      turnsPerSecond: round(report.turns / (report.windowMs / 1000)),
      latencyMs: roundSummary(summarizeLatencies(report.latenciesMs)),
      errors,
      undrained: report.undrained,
      framesPerTurn: round(report.allFrames / Math.max(1, report.allTurns), 3),
      bytesPerTurn: round(report.allBytes / Math.max(1, report.allTurns)),
      serverRssMb: { peak: round(rss.peakKb / 1024), end: round(rss.endKb / 1024) },
    };
    return { result, acknowledged: report.acknowledged };
  } catch (error) {
    await fleet.kill();
    throw error;
  }
}

export function roundSummary(summary: LatencySummary): LatencySummary {
  const r = (value: number) => round(value, 2);
  return {
    p50: r(summary.p50),
    p95: r(summary.p95),
    p99: r(summary.p99),
    max: r(summary.max),
    mean: r(summary.mean),
    count: summary.count,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
