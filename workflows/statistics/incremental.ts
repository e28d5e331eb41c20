import { newcombeDifference } from './difference.ts';
import type { Interval } from './interval.ts';
import { DEFAULT_CONFIDENCE } from './normal.ts';

/** One group of a journey: its customers, those who ordered, and their revenue. */
export interface GroupOutcome {
  readonly customers: number;
  readonly ordered: number;
  readonly revenue: number;
}

export interface IncrementalResults {
  /** Orders of the treated beyond what the holdout's rate predicts for as many customers. */
  readonly orders: Interval;
  /** Revenue of the treated beyond what the holdout's revenue per customer predicts. */
  readonly revenue: Interval;
  /** (incremental revenue − offer cost − message cost) / (offer cost + message cost); undefined at no cost. */
  readonly roi?: Interval;
  readonly cost: number;
}

/**
 * What the journey caused, net of the baseline its holdout shows. Orders: n_T·(p_T − p_H), with
 * Newcombe's interval for p_T − p_H scaled by n_T. Revenue and ROI: a delta method that holds each
 * buyer's revenue at the two groups' revenue per buyer, so the interval carries the uncertainty of
 * who buys but not of how much each buyer spends (docs/metrics.md). Undefined without a holdout.
 */
export function incrementalResults(
  treated: GroupOutcome,
  holdout: GroupOutcome,
  cost: { readonly offer: number; readonly messages: number },
  confidence = DEFAULT_CONFIDENCE,
): IncrementalResults | undefined {
  const difference = newcombeDifference(
    treated.ordered,
    treated.customers,
    holdout.ordered,
    holdout.customers,
    confidence,
  );
  if (!difference) return undefined;
  const n = treated.customers;
  const orders = scaled(difference, n, treated.ordered - n * (holdout.ordered / holdout.customers));
  const allBuyers = treated.ordered + holdout.ordered;
  const revenuePerBuyer = allBuyers > 0 ? (treated.revenue + holdout.revenue) / allBuyers : 0;
  const revenueEstimate = treated.revenue - n * (holdout.revenue / holdout.customers);
  const revenue = scaled(difference, n * revenuePerBuyer, revenueEstimate);
  const total = cost.offer + cost.messages;
  const roi =
    total > 0
      ? {
          estimate: (revenue.estimate - total) / total,
          lower: (revenue.lower - total) / total,
          upper: (revenue.upper - total) / total,
          confidence,
        }
      : undefined;
  return { orders, revenue, ...(roi ? { roi } : {}), cost: total };
}

/** The interval of a difference of rates, scaled to a total and centred on that total's estimate. */
function scaled(difference: Interval, scale: number, estimate: number): Interval {
  return {
    estimate,
    lower: estimate - (difference.estimate - difference.lower) * scale,
    upper: estimate + (difference.upper - difference.estimate) * scale,
    confidence: difference.confidence,
  };
}

/** The ROI that divides all attributed revenue by the offer cost: it credits the journey with the baseline. */
export function naiveRoi(revenue: number, offerCost: number): number | undefined {
  return offerCost > 0 ? (revenue - offerCost) / offerCost : undefined;
}
