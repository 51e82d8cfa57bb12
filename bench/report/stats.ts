export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  count: number;
}

/** Nearest-rank percentiles of latencies in ms (sorts a copy). */
export function summarizeLatencies(values: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const count = sorted.length;
  if (count === 0) return { p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN, count };
  const at = (p: number) => sorted[Math.min(count - 1, Math.max(0, Math.ceil((p / 100) * count) - 1))]!;
  let total = 0;
  for (const value of sorted) total += value;
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted[count - 1]!, mean: total / count, count };
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
