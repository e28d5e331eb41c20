/** The nearest-rank percentiles of a load phase's request latencies, in milliseconds. */
export interface LatencyPercentiles {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * The p-th percentile by the nearest-rank method: the smallest value that at least p% of the
 * values are at or below, the value of rank ceil(p/100 × n) (Hyndman & Fan, "Sample quantiles in
 * statistical packages", 1996, definition 1). 0 for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`expected a percentile above 0 and at most 100, got ${p}`);
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1] as number;
}

export function latencyPercentiles(values: readonly number[]): LatencyPercentiles {
  return {
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.reduce((most, value) => Math.max(most, value), 0),
  };
}
