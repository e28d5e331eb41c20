import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** The confidence level of every interval unless a caller asks for another. */
export const DEFAULT_CONFIDENCE = 0.95;

/** The standard normal quantile z with P(|Z| ≤ z) = confidence: 1.959964 for 95%. */
export function twoSidedZ(confidence: number): number {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`expected a confidence between 0 and 1, got ${confidence}`);
  return normalQuantile(1 - (1 - confidence) / 2, 0, 1);
}

/** The standard normal quantile of a one-sided probability, e.g. 0.8 power → 0.8416. */
export function standardNormalQuantile(probability: number): number {
  return normalQuantile(probability, 0, 1);
}

/** P(Z ≤ z) for the standard normal. */
export function standardNormalCdf(z: number): number {
  return normalCdf(z, 0, 1);
}
