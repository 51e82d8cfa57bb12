/**
 * How many inputs a fuzz test tries: its own count times `FUZZ_RUNS_SCALE` (default 1, at least
 * one input). The mutation run (vitest.mutation.config.ts) reruns the engine's tests for each of
 * hundreds of mutants and scales the fuzz tests down there; `npm test` runs them in full.
 */
export function fuzzRuns(numRuns: number): number {
  const scale = Number(process.env["FUZZ_RUNS_SCALE"] ?? 1);
  return Math.max(1, Math.round(numRuns * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
