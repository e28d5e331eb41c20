import { messageCostOf } from '../../pricing/message-prices.ts';
import type { Journey } from '../../workflows/schema/index.ts';
import { type JourneyStatistics, journeyStatistics } from '../../workflows/statistics/journey-statistics.ts';
import { type HoldoutStepView, holdoutStepViews } from './holdout-steps.ts';
import { messagesByStep, type SendStepMessages } from './messages.ts';
import { type SplitView, splitViews } from './splits.ts';
import { type StepRow, total } from './step-rows.ts';
import { type StepView, stepViews } from './steps.ts';

/** The journey's people and money, as the funnel counts them (docs/metrics.md). */
export interface FunnelNumbers {
  /** Everyone who entered, the held out included. */
  readonly entered: number;
  readonly treated: number;
  readonly heldOut: number;
  /** Treated customers who got at least one message; only a simulation knows it. */
  readonly reached?: number;
  readonly carted: number;
  readonly ordered: number;
  readonly newCustomers: number;
  readonly revenue: number;
  readonly holdoutCarted: number;
  readonly holdoutOrdered: number;
  readonly holdoutRevenue: number;
  readonly offerCost: number;
  readonly messageCost: number;
  /** Customers who reached the goal and left before a step. */
  readonly converted: number;
}

/** Everything the report shows of one journey. */
export interface JourneyView {
  readonly journey: Journey;
  readonly funnel: FunnelNumbers;
  readonly statistics: JourneyStatistics;
  readonly steps: readonly StepView[];
  readonly splits: readonly SplitView[];
  /** Each holdout step's groups and the lift of the steps after it. */
  readonly holdoutSteps: readonly HoldoutStepView[];
  readonly messages: readonly SendStepMessages[];
  readonly rows: readonly StepRow[];
}

/** What the counters cannot say: reach, and SMS segments, which only the simulation sees. */
export interface JourneyExtras {
  readonly reached?: number;
  /** @default priced from the sent counts at one segment an SMS */
  readonly messageCost?: number;
}

/** A journey's report from its funnel rows summed over runs, with the same sums and statistics as the simulation's funnel. */
export function journeyView(
  journey: Journey,
  rows: readonly StepRow[],
  extras: JourneyExtras = {},
): JourneyView {
  const journeyRow = { stepId: '$journey' };
  const treated = total(rows, 'entered', { ...journeyRow, variant: 'treated' });
  const heldOut = total(rows, 'heldOut', { ...journeyRow, variant: 'holdout' });
  const ordered = total(rows, 'ordered', { ...journeyRow, variant: 'treated' });
  const revenue = total(rows, 'revenue', { ...journeyRow, variant: 'treated' });
  const holdoutOrdered = total(rows, 'ordered', { ...journeyRow, variant: 'holdout' });
  const holdoutRevenue = total(rows, 'revenue', { ...journeyRow, variant: 'holdout' });
  const offerCost = total(rows, 'offerCost');
  const messageCost = extras.messageCost ?? messageCostOf(journey, rows);
  const funnel: FunnelNumbers = {
    entered: treated + heldOut,
    treated,
    heldOut,
    ...(extras.reached !== undefined ? { reached: extras.reached } : {}),
    carted: total(rows, 'addedToCart', { ...journeyRow, variant: 'treated' }),
    ordered,
    newCustomers: total(rows, 'newCustomers', { ...journeyRow, variant: 'treated' }),
    revenue,
    holdoutCarted: total(rows, 'addedToCart', { ...journeyRow, variant: 'holdout' }),
    holdoutOrdered,
    holdoutRevenue,
    offerCost,
    messageCost,
    converted: total(rows, 'converted'),
  };
  const statistics = journeyStatistics({
    treated: { customers: treated, ordered, revenue },
    holdout: { customers: heldOut, ordered: holdoutOrdered, revenue: holdoutRevenue },
    offerCost,
    messageCost,
    holdoutPercent: journey.holdout,
  });
  return {
    journey,
    funnel,
    statistics,
    steps: stepViews(journey, rows),
    splits: splitViews(journey, rows, { customers: heldOut, ordered: holdoutOrdered }),
    holdoutSteps: holdoutStepViews(journey, rows),
    messages: messagesByStep(journey, rows),
    rows,
  };
}
