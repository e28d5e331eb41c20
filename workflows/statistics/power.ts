import { DEFAULT_CONFIDENCE, standardNormalQuantile, twoSidedZ } from './normal.ts';

export interface PowerQuestion {
  /** Customers entering the journey, holdout included. */
  readonly customers: number;
  /** The conversion rate without the journey: the holdout's expected CVR. */
  readonly baseRate: number;
  readonly confidence?: number;
  /** @default 0.8 */
  readonly power?: number;
}

/**
 * The smallest absolute lift (treated CVR − holdout CVR) that a two-sided test of two proportions
 * detects with the given power, for a holdout of `holdoutShare` of the customers. The normal
 * approximation without continuity correction for unequal groups (Fleiss, Levin & Paik 2003,
 * Statistical Methods for Rates and Proportions, 3rd ed., ch. 4), solved for the difference by
 * bisection. Undefined when no lift up to 100% of the rest is detectable.
 */
export function minimumDetectableEffect(question: PowerQuestion, holdoutShare: number): number | undefined {
  const { customers, baseRate } = question;
  const holdout = customers * holdoutShare;
  const treated = customers - holdout;
  if (!(holdout >= 1 && treated >= 1) || !(baseRate >= 0 && baseRate < 1)) return undefined;
  const zAlpha = twoSidedZ(question.confidence ?? DEFAULT_CONFIDENCE);
  const zBeta = standardNormalQuantile(question.power ?? 0.8);
  const shortfall = (effect: number) => {
    const treatedRate = baseRate + effect;
    const pooled = (treated * treatedRate + holdout * baseRate) / customers;
    const underNull = Math.sqrt(pooled * (1 - pooled) * (1 / treated + 1 / holdout));
    const underAlternative = Math.sqrt(
      (treatedRate * (1 - treatedRate)) / treated + (baseRate * (1 - baseRate)) / holdout,
    );
    return zAlpha * underNull + zBeta * underAlternative - effect;
  };
  let low = 0;
  let high = 1 - baseRate;
  if (shortfall(high) > 0) return undefined;
  for (let step = 0; step < 60; step += 1) {
    const middle = (low + high) / 2;
    if (shortfall(middle) > 0) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * The smallest holdout share (up to half the customers) at which `effect` is detectable; undefined
 * when even an even split is too small. A larger holdout detects less until the groups are equal.
 */
export function holdoutShareNeeded(question: PowerQuestion, effect: number): number | undefined {
  const detects = (share: number) => {
    const detectable = minimumDetectableEffect(question, share);
    return detectable !== undefined && detectable <= effect;
  };
  if (!detects(0.5)) return undefined;
  let low = 0;
  let high = 0.5;
  for (let step = 0; step < 50; step += 1) {
    const middle = (low + high) / 2;
    if (detects(middle)) high = middle;
    else low = middle;
  }
  return high;
}
