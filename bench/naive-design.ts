import type { AwsBill } from '../pricing/cost-model.ts';
import { AWS_PRICES, type PriceTable, priceOf } from '../pricing/prices.ts';

/** One journey as the naive design would run it. */
export interface NaiveJourney {
  readonly journeyId?: string;
  /** Customers who entered, held-out ones included. */
  readonly entered: number;
  /** State transitions each treated customer costs: one per step passed (see stepsOnLongestPath). */
  readonly stepsPerCustomer: number;
  /** Customers held out: each costs `heldOutSteps` transitions instead. @default 0 */
  readonly heldOut?: number;
  /** Transitions a held-out customer costs (enter, then leave). @default 1 */
  readonly heldOutSteps?: number;
}

export interface NaiveEstimate {
  readonly transitions: number;
  readonly usd: number;
  readonly byJourney: readonly { journeyId?: string; transitions: number; usd: number }[];
}

/**
 * The design this project rejects: one Standard execution per customer, one state transition per
 * step per customer. Only the Standard transitions are priced (no Lambda, no DynamoDB), so the
 * estimate is a lower bound of what that design would cost.
 */
export function naiveDesign(
  journeys: readonly NaiveJourney[],
  prices: PriceTable = AWS_PRICES,
): NaiveEstimate {
  const byJourney = journeys.map((journey) => {
    const heldOut = journey.heldOut ?? 0;
    if (heldOut > journey.entered)
      throw new RangeError(
        `${journey.journeyId ?? 'a journey'}: ${heldOut} held out of ${journey.entered} entered`,
      );
    const transitions =
      (journey.entered - heldOut) * journey.stepsPerCustomer + heldOut * (journey.heldOutSteps ?? 1);
    return {
      journeyId: journey.journeyId,
      transitions,
      usd: priceOf(prices.stepFunctionsStandardTransition, transitions),
    };
  });
  const transitions = byJourney.reduce((sum, journey) => sum + journey.transitions, 0);
  return {
    transitions,
    usd: priceOf(prices.stepFunctionsStandardTransition, transitions),
    byJourney,
  };
}

/** `numerator / denominator`, refusing a denominator that is not above 0. */
export function ratio(numerator: number, denominator: number): number {
  if (!(denominator > 0)) throw new RangeError(`expected a denominator above 0, got ${denominator}`);
  return numerator / denominator;
}

/** How many times cheaper the cohort design is than the naive one on the same run (below 1: dearer). */
export function timesCheaper(cohort: AwsBill, naive: NaiveEstimate): number {
  return ratio(naive.usd, cohort.total);
}
