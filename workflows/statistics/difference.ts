import type { Interval } from './interval.ts';
import { DEFAULT_CONFIDENCE } from './normal.ts';
import { wilsonInterval } from './proportion.ts';

/**
 * The difference p1 − p2 of two independent proportions with Newcombe's hybrid score interval
 * (Newcombe 1998, Stat Med 17:873-890, method 10): each proportion's Wilson interval, combined.
 * It keeps within [−1, 1] and behaves at zero counts. Undefined when either group is empty.
 */
export function newcombeDifference(
  successes1: number,
  trials1: number,
  successes2: number,
  trials2: number,
  confidence = DEFAULT_CONFIDENCE,
): Interval | undefined {
  const first = wilsonInterval(successes1, trials1, confidence);
  const second = wilsonInterval(successes2, trials2, confidence);
  if (!first || !second) return undefined;
  const p1 = first.estimate;
  const p2 = second.estimate;
  const estimate = p1 - p2;
  return {
    estimate,
    lower: estimate - Math.hypot(p1 - first.lower, second.upper - p2),
    upper: estimate + Math.hypot(first.upper - p1, p2 - second.lower),
    confidence,
  };
}
