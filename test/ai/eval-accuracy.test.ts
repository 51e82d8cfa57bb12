// An accuracy floor, not a timing: the offline classifiers must keep the targets on the
// labelled sets (the tuning set and a held-out one).
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createSentenceEmbedder } from "../../src/ai/offline/embeddings.ts";
import { createOfflineIntentMatcher } from "../../src/ai/offline/intent-matcher.ts";
import { classifySentimentWithMeaning } from "../../src/ai/offline/sentiment.ts";
import { loadDomainSet, measureDomains } from "../../scripts/eval/domains.ts";
import { loadEvalFixtures, loadUnseenComments } from "../../scripts/eval/fixtures.ts";
import { measureIntents, measureSentiment, rate } from "../../scripts/eval/measure.ts";

// Sentiment: the 92 % (today: tuning 96.5 %, held out 93.0 %); comments never read for
// tuning (85.9 % today, batches K and M) have a floor under today's figure instead.
const targets = { inScope: 0.9, outOfScope: 0.85, sentiment: 0.92 };
const embedder = createSentenceEmbedder();
beforeAll(async () => {
  expect(await embedder.warmUp()).toBe(true);
});

describe.each(["eval", "eval-holdout"])("offline accuracy on test/fixtures/%s", (folder) => {
  const directory = path.join(import.meta.dirname, "../fixtures", folder);

  it("should route in-scope lines right and answer none for out-of-scope ones", async () => {
    const { block, lines } = await loadEvalFixtures(directory);
    const matcher = createOfflineIntentMatcher({ embedder });
    const report = await measureIntents((request) => matcher.classify(request), block, lines);
    expect(report.inScope.total).toBeGreaterThanOrEqual(35);
    expect(report.outOfScope.total).toBeGreaterThanOrEqual(30);
    expect(rate(report.inScope)).toBeGreaterThanOrEqual(targets.inScope);
    expect(rate(report.outOfScope)).toBeGreaterThanOrEqual(targets.outOfScope);
  });

  it("should classify feedback sentiment right", async () => {
    const { sentiment } = await loadEvalFixtures(directory);
    const report = await measureSentiment((request) => classifySentimentWithMeaning(request, embedder), sentiment);
    expect(report.overall.total).toBeGreaterThanOrEqual(100);
    expect(rate(report.overall)).toBeGreaterThanOrEqual(targets.sentiment);
  });
});

describe("offline sentiment on comments never read for tuning", () => {
  it("should stay above the floor under today's figure", async () => {
    const items = await loadUnseenComments();
    const report = await measureSentiment((request) => classifySentimentWithMeaning(request, embedder), items);
    expect(report.overall.total).toBeGreaterThanOrEqual(420);
    expect(rate(report.overall)).toBeGreaterThanOrEqual(0.85);
  });
});

// The multi-domain sets (test/fixtures/eval-domains): floors under today's figures, far below the
// issue's targets (see src/ai/README.md), so that a change that loses ground there is seen. A
// wrong goodbye ends the conversation: at most one per set, fewer than the wrong nones.
describe.each([
  { part: "tuning", descriptionsOnly: true, inScope: 0.79, outOfScope: 0.9 },
  { part: "tuning", descriptionsOnly: false, inScope: 0.87, outOfScope: 0.9 },
  { part: "holdout", descriptionsOnly: true, inScope: 0.67, outOfScope: 0.9 },
  { part: "holdout", descriptionsOnly: false, inScope: 0.85, outOfScope: 0.9 },
  { part: "fresh", descriptionsOnly: true, inScope: 0.62, outOfScope: 0.9 },
  { part: "fresh", descriptionsOnly: false, inScope: 0.72, outOfScope: 0.9 },
  { part: "assistant", descriptionsOnly: true, inScope: 0.6, outOfScope: 0.8 },
  { part: "assistant", descriptionsOnly: false, inScope: 0.68, outOfScope: 0.72 },
  { part: "unseen", descriptionsOnly: true, inScope: 0.49, outOfScope: 0.75 },
  { part: "unseen", descriptionsOnly: false, inScope: 0.65, outOfScope: 0.6 },
  { part: "support", descriptionsOnly: true, inScope: 0.52, outOfScope: 0.55 },
  { part: "support", descriptionsOnly: false, inScope: 0.62, outOfScope: 0.5 },
] as const)("offline accuracy on eval-domains/$part (descriptions only: $descriptionsOnly)", (floor) => {
  it("should keep its floors and answer none rather than goodbye when unsure", async () => {
    const matcher = createOfflineIntentMatcher({ embedder });
    const set = await loadDomainSet(floor.part);
    const report = await measureDomains((request) => matcher.classify(request), set, floor.descriptionsOnly);
    expect(report.inScope.total).toBeGreaterThanOrEqual(120);
    expect(rate(report.inScope)).toBeGreaterThanOrEqual(floor.inScope);
    expect(rate(report.outOfScope)).toBeGreaterThanOrEqual(floor.outOfScope);
    const wrongGoodbyes = report.mistakes.filter((m) => m.got === "goodbye").length;
    const wrongNones = report.mistakes.filter((m) => m.got === null).length;
    expect(wrongGoodbyes).toBeLessThanOrEqual(1);
    expect(wrongGoodbyes).toBeLessThan(wrongNones);
  });
});
