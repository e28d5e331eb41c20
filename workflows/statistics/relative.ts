import type { Interval } from './interval.ts';
import { DEFAULT_CONFIDENCE, twoSidedZ } from './normal.ts';
import { checkCounts } from './proportion.ts';

/**
 * Relative lift p1 / p2 − 1 with the log interval of the risk ratio (Katz, Baptista, Azen & Pike
 * 1978, Biometrics 34:469-474): exp(ln RR ± z·√((1−p1)/x1 + (1−p2)/x2)) − 1. Undefined when
 * either group has no successes, where the ratio has no finite interval.
 */
export function relativeLift(
  successes1: number,
  trials1: number,
  successes2: number,
  trials2: number,
  confidence = DEFAULT_CONFIDENCE,
): Interval | undefined {
  checkCounts(successes1, trials1);
  checkCounts(successes2, trials2);
  if (successes1 === 0 || successes2 === 0) return undefined;
  const p1 = successes1 / trials1;
  const p2 = successes2 / trials2;
  const logRatio = Math.log(p1 / p2);
  const spread = twoSidedZ(confidence) * Math.sqrt((1 - p1) / successes1 + (1 - p2) / successes2);
  return {
    estimate: p1 / p2 - 1,
    lower: Math.exp(logRatio - spread) - 1,
    upper: Math.exp(logRatio + spread) - 1,
    confidence,
  };
}
