import { newcombeDifference } from './difference.ts';
import { type IncrementalResults, incrementalResults, naiveRoi } from './incremental.ts';
import { excludesZero, type Interval } from './interval.ts';
import { holdoutShareNeeded, minimumDetectableEffect } from './power.ts';
import { wilsonInterval } from './proportion.ts';
import { relativeLift } from './relative.ts';

/** A journey's treated and held-out groups, and what it spent. */
export interface JourneyOutcome {
  readonly treated: { readonly customers: number; readonly ordered: number; readonly revenue: number };
  readonly holdout: { readonly customers: number; readonly ordered: number; readonly revenue: number };
  readonly offerCost: number;
  readonly messageCost: number;
  /** The journey's holdout percentage, for the power at its size. */
  readonly holdoutPercent: number;
}

/** The report's numbers with their 95% intervals (docs/metrics.md defines each). */
export interface JourneyStatistics {
  readonly cvr?: Interval;
  readonly holdoutCvr?: Interval;
  /** Treated CVR − holdout CVR, in proportion points. */
  readonly lift?: Interval & { readonly significant: boolean };
  /** Treated CVR / holdout CVR − 1. */
  readonly relativeLift?: Interval;
  readonly incremental?: IncrementalResults;
  /** (all attributed revenue − offer cost) / offer cost: it credits the journey with the baseline. */
  readonly naiveRoi?: number;
  /** The smallest lift this journey's size and holdout detect at 80% power, at its holdout's CVR. */
  readonly minimumDetectableLift?: number;
  /**
   * For a positive lift that is not significant: the holdout share at which a lift that size would be
   * detected at 80% power with as many entrants (null: not even with half held out). A figure for
   * planning the next run, not evidence about this one.
   */
  readonly holdoutForLift?: { readonly lift: number; readonly share: number | null };
}

export function journeyStatistics(outcome: JourneyOutcome): JourneyStatistics {
  const { treated, holdout } = outcome;
  const lift = newcombeDifference(treated.ordered, treated.customers, holdout.ordered, holdout.customers);
  const relative = relativeLift(treated.ordered, treated.customers, holdout.ordered, holdout.customers);
  const incremental = incrementalResults(treated, holdout, {
    offer: outcome.offerCost,
    messages: outcome.messageCost,
  });
  const cvr = wilsonInterval(treated.ordered, treated.customers);
  const holdoutCvr = wilsonInterval(holdout.ordered, holdout.customers);
  const naive = naiveRoi(treated.revenue, outcome.offerCost);
  const customers = treated.customers + holdout.customers;
  const detectable =
    holdoutCvr && outcome.holdoutPercent > 0
      ? minimumDetectableEffect({ customers, baseRate: holdoutCvr.estimate }, outcome.holdoutPercent / 100)
      : undefined;
  const needed =
    holdoutCvr && lift && lift.estimate > 0 && !excludesZero(lift)
      ? {
          lift: lift.estimate,
          share: holdoutShareNeeded({ customers, baseRate: holdoutCvr.estimate }, lift.estimate) ?? null,
        }
      : undefined;
  return {
    ...(cvr ? { cvr } : {}),
    ...(holdoutCvr ? { holdoutCvr } : {}),
    ...(lift ? { lift: { ...lift, significant: excludesZero(lift) } } : {}),
    ...(relative ? { relativeLift: relative } : {}),
    ...(incremental ? { incremental } : {}),
    ...(naive !== undefined ? { naiveRoi: naive } : {}),
    ...(detectable !== undefined ? { minimumDetectableLift: detectable } : {}),
    ...(needed ? { holdoutForLift: needed } : {}),
  };
}
