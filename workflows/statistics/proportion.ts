import type { Interval } from './interval.ts';
import { DEFAULT_CONFIDENCE, twoSidedZ } from './normal.ts';

/**
 * The Wilson score interval of a proportion (Wilson 1927, JASA 22:209-212; method 3 of Newcombe
 * 1998, Stat Med 17:857-872): good coverage at small counts and at 0 or n, where the Wald
 * interval collapses. Undefined for no trials.
 */
export function wilsonInterval(
  successes: number,
  trials: number,
  confidence = DEFAULT_CONFIDENCE,
): Interval | undefined {
  checkCounts(successes, trials);
  if (trials === 0) return undefined;
  const z = twoSidedZ(confidence);
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p) + z2 / (4 * trials)) / trials);
  const denominator = 1 + z2 / trials;
  return {
    estimate: p,
    // Exact at the ends: rounding must not put the bound a hair past 0 or 1.
    lower: successes === 0 ? 0 : (centre - spread) / denominator,
    upper: successes === trials ? 1 : (centre + spread) / denominator,
    confidence,
  };
}

export function checkCounts(successes: number, trials: number): void {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials)
    throw new RangeError(`expected whole counts with 0 ≤ successes ≤ trials, got ${successes} of ${trials}`);
}
