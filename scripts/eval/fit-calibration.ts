// Fits the offline intent calibration (`intentCalibration` in src/ai/offline/intent-decision.ts)
// by logistic regression of "the best intent is right" on the similarity and the word overlap of
// the best intent, over labelled lines; reports k-fold held-out accuracy so the numbers are not
// taken from the same lines they are judged on. The similarity enters less the midpoint's
// growth with the intent's sentence count, so the fitted midpoint is the one-sentence base.
import type { SentenceEmbedder } from "../../src/ai/offline/embeddings.ts";
import { intentCalibration } from "../../src/ai/offline/intent-decision.ts";
import { buildPrototypes } from "../../src/ai/offline/intent-prototypes.ts";
import { scoreLine } from "../../src/ai/offline/score-line.ts";
import type { IntentBlock, IntentLine } from "./fixtures.ts";

export interface Sample {
  /** Similarity of the best intent, less the midpoint growth for its sentence count. */
  similarity: number;
  lexical: number;
  /** 1 when routing to the best intent is right, 0 otherwise (out of scope, or the wrong intent). */
  label: 0 | 1;
  inScope: boolean;
}

export interface Calibration {
  slope: number;
  midpoint: number;
  lexicalWeight: number;
}

export async function collectSamples(
  block: IntentBlock,
  lines: IntentLine[],
  embedder: SentenceEmbedder,
): Promise<Sample[]> {
  const prototypes = await buildPrototypes(block.intents, embedder);
  const samples: Sample[] = [];
  for (const line of lines) {
    const { scores } = await scoreLine(line.text, prototypes, embedder);
    const best = scores[0];
    if (best?.similarity === undefined) throw new Error("the fit needs the embedding model");
    const growth = intentCalibration.midpointGrowth * Math.log(Math.max(1, best.prototypeCount));
    samples.push({
      // The words' nearness in meaning enters at its fixed weight: the fit is of the rest.
      similarity: best.similarity + intentCalibration.meaningWeight * best.meaning - growth,
      lexical: best.lexical,
      label: best.id === line.intent ? 1 : 0,
      inScope: line.intent !== null,
    });
  }
  return samples;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Newton's method on the L2-regularised log-loss of p = σ(w0 + w1·similarity + w2·lexical). */
export function fitLogistic(samples: Sample[], l2 = 0.01): Calibration {
  let w = [0, 0, 0];
  for (let iteration = 0; iteration < 50; iteration++) {
    const gradient = [0, 0, 0];
    const hessian = [
      [l2, 0, 0],
      [0, l2, 0],
      [0, 0, l2],
    ];
    for (const sample of samples) {
      const x = [1, sample.similarity, sample.lexical];
      const p = sigmoid(x.reduce((sum, xi, i) => sum + xi * (w[i] ?? 0), 0));
      for (let i = 0; i < 3; i++) {
        gradient[i] = (gradient[i] ?? 0) + (p - sample.label) * (x[i] ?? 0);
        for (let j = 0; j < 3; j++) hessian[i]![j]! += p * (1 - p) * (x[i] ?? 0) * (x[j] ?? 0);
      }
    }
    for (let i = 0; i < 3; i++) gradient[i] = (gradient[i] ?? 0) + l2 * (w[i] ?? 0);
    w = w.map((wi, i) => wi - (solve3(hessian, gradient)[i] ?? 0));
  }
  const [bias = 0, a = 1, c = 0] = w;
  return { slope: a, midpoint: -bias / a, lexicalWeight: c / a };
}

function solve3(matrix: number[][], vector: number[]): number[] {
  const m = matrix.map((row, i) => [...row, vector[i] ?? 0]);
  for (let col = 0; col < 3; col++) {
    const pivot = m[col]![col]!;
    for (let row = 0; row < 3; row++) {
      if (row === col) continue;
      const factor = m[row]![col]! / pivot;
      for (let k = col; k < 4; k++) m[row]![k]! -= factor * m[col]![k]!;
    }
  }
  return m.map((row, i) => row[3]! / row[i]!);
}

/** Share of samples the rule decides right (routes the right intent, or answers none). */
export function accuracyOf(calibration: Calibration, samples: Sample[]): { inScope: number; outOfScope: number } {
  const decide = (s: Sample) => s.similarity + calibration.lexicalWeight * s.lexical >= calibration.midpoint;
  const inScope = samples.filter((s) => s.inScope);
  const outOfScope = samples.filter((s) => !s.inScope);
  return {
    inScope: inScope.filter((s) => decide(s) && s.label === 1).length / Math.max(1, inScope.length),
    outOfScope: outOfScope.filter((s) => !decide(s)).length / Math.max(1, outOfScope.length),
  };
}

/** k-fold cross-validation: fit on k−1 folds, judge on the held-out one. */
export function crossValidate(samples: Sample[], folds = 5): { inScope: number; outOfScope: number } {
  const held: { inScope: number; outOfScope: number; nIn: number; nOut: number }[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const test = samples.filter((_, i) => i % folds === fold);
    const train = samples.filter((_, i) => i % folds !== fold);
    const accuracy = accuracyOf(fitLogistic(train), test);
    held.push({ ...accuracy, nIn: test.filter((s) => s.inScope).length, nOut: test.filter((s) => !s.inScope).length });
  }
  const total = (key: "inScope" | "outOfScope", n: "nIn" | "nOut") =>
    held.reduce((sum, h) => sum + h[key] * h[n], 0) /
    Math.max(
      1,
      held.reduce((sum, h) => sum + h[n], 0),
    );
  return { inScope: total("inScope", "nIn"), outOfScope: total("outOfScope", "nOut") };
}
