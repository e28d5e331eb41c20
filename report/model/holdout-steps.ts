import type { Journey } from '../../workflows/schema/index.ts';
import { type JourneyStatistics, journeyStatistics } from '../../workflows/statistics/journey-statistics.ts';
import { type StepRow, total } from './step-rows.ts';

/** One group at a holdout step: who passed it, and the orders they made afterwards. */
export interface HoldoutStepGroup {
  readonly customers: number;
  readonly ordered: number;
  readonly revenue: number;
}

/** A holdout step's two groups, and the lift of the steps after it with its intervals. */
export interface HoldoutStepView {
  readonly stepId: string;
  readonly percent: number;
  readonly treated: HoldoutStepGroup;
  readonly holdout: HoldoutStepGroup;
  readonly statistics: JourneyStatistics;
}

/**
 * Each holdout step of the journey from its rows summed over runs: the customers who went on and
 * those it held out, compared as the journey's own holdout is (the simulation's text says the same).
 */
export function holdoutStepViews(journey: Journey, rows: readonly StepRow[]): HoldoutStepView[] {
  return journey.steps.flatMap((step) => {
    if (step.kind !== 'holdout') return [];
    const group = (variant: string): HoldoutStepGroup => {
      const where = { stepId: step.id, variant };
      return {
        customers: total(rows, 'entered', where),
        ordered: total(rows, 'ordered', where),
        revenue: total(rows, 'revenue', where),
      };
    };
    const treated = group('treated');
    const holdout = group('holdout');
    const statistics = journeyStatistics({
      treated,
      holdout,
      offerCost: total(rows, 'offerCost', { stepId: step.id }),
      messageCost: 0,
      holdoutPercent: step.percent,
    });
    return [{ stepId: step.id, percent: step.percent, treated, holdout, statistics }];
  });
}
