// Order statistics for small, noisy samples: the median as the headline, min as the best case the machine
// allowed, p90 for the tail. Nearest-rank percentiles, so every value reported was actually measured.

export interface Summary {
  n: number;
  median: number;
  min: number;
  p90: number;
  max: number;
}

/** Nearest-rank percentile (p in 0..100) of a non-empty sample. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of an empty sample');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** The median; for an even count, the mean of the two middle values. */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of an empty sample');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarize(values: number[]): Summary {
  return {
    n: values.length,
    median: median(values),
    min: Math.min(...values),
    p90: percentile(values, 90),
    max: Math.max(...values),
  };
}

/** Element-wise a[i] op b[i] over the rounds where both were measured. */
export function pairwise(a: number[], b: number[], op: (x: number, y: number) => number): number[] {
  if (a.length !== b.length) throw new Error('pairwise: samples differ in length');
  return a.map((x, i) => op(x, b[i]));
}
