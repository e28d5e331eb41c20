import { newcombeDifference } from '../workflows/statistics/difference.ts';
import {
  type IncrementalResults,
  incrementalResults,
  naiveRoi,
} from '../workflows/statistics/incremental.ts';
import { excludesZero, type Interval } from '../workflows/statistics/interval.ts';
import { minimumDetectableEffect } from '../workflows/statistics/power.ts';
import { wilsonInterval } from '../workflows/statistics/proportion.ts';
import { relativeLift } from '../workflows/statistics/relative.ts';

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
  return {
    ...(cvr ? { cvr } : {}),
    ...(holdoutCvr ? { holdoutCvr } : {}),
    ...(lift ? { lift: { ...lift, significant: excludesZero(lift) } } : {}),
    ...(relative ? { relativeLift: relative } : {}),
    ...(incremental ? { incremental } : {}),
    ...(naive !== undefined ? { naiveRoi: naive } : {}),
    ...(detectable !== undefined ? { minimumDetectableLift: detectable } : {}),
  };
}

const points = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)}`;
const times = (value: number) => `${value < 0 ? '−' : ''}${Math.abs(value).toFixed(1)}x`;
const count = (value: number) =>
  `${value < 0 ? '−' : ''}${Math.abs(Math.round(value)).toLocaleString('en-US')}`;

/** One line per journey: lift, relative lift, incremental orders and ROI with their intervals, and the naive ROI. */
export function formatStatistics(journeyId: string, statistics: JourneyStatistics | undefined): string {
  const lift = statistics?.lift;
  if (!statistics || !lift) return `  ${journeyId}: no holdout, so no lift to measure`;
  const parts = [
    `lift ${points(lift.estimate)} pts (95% CI ${points(lift.lower)} to ${points(lift.upper)}), ${lift.significant ? 'significant' : 'not significant'}`,
  ];
  const relative = statistics.relativeLift;
  if (relative)
    parts.push(
      `relative ${points(relative.estimate)}% (${points(relative.lower)}% to ${points(relative.upper)}%)`,
    );
  const incremental = statistics.incremental;
  if (incremental) {
    const orders = incremental.orders;
    parts.push(
      `incremental orders ${count(orders.estimate)} (${count(orders.lower)} to ${count(orders.upper)})`,
    );
    const roi = incremental.roi;
    if (roi)
      parts.push(`incremental ROI ${times(roi.estimate)} (${times(roi.lower)} to ${times(roi.upper)})`);
  }
  if (statistics.naiveRoi !== undefined)
    parts.push(`naive ROI ${times(statistics.naiveRoi)} (all attributed revenue over offer cost)`);
  if (statistics.minimumDetectableLift !== undefined)
    parts.push(`detectable at 80% power: ${points(statistics.minimumDetectableLift)} pts`);
  return `  ${journeyId}: ${parts.join('; ')}`;
}
