import type { FunnelRow } from '../functions/commons/stores/funnel.ts';
import type { Journey } from '../workflows/schema/index.ts';
import { type JourneyStatistics, journeyStatistics } from './funnel-statistics.ts';

/** A holdout step's two groups, and the lift of the steps after it with its intervals. */
export interface HoldoutStepFunnel {
  readonly stepId: string;
  readonly percent: number;
  readonly treated: { readonly customers: number; readonly ordered: number; readonly revenue: number };
  readonly holdout: { readonly customers: number; readonly ordered: number; readonly revenue: number };
  readonly statistics: JourneyStatistics;
}

const total = (rows: readonly FunnelRow[], metric: keyof FunnelRow['counts']) =>
  rows.reduce((sum, row) => sum + (row.counts[metric] ?? 0), 0);

/**
 * Each holdout step of the journey from its rows: the customers who went on and those it held
 * out, with the orders each group made after passing it, compared as the journey's own holdout is.
 */
export function holdoutStepFunnels(journey: Journey, rows: readonly FunnelRow[]): HoldoutStepFunnel[] {
  return journey.steps.flatMap((step) => {
    if (step.kind !== 'holdout') return [];
    const at = rows.filter((row) => row.stepId === step.id);
    const group = (variant: string) => {
      const of = at.filter((row) => row.variant === variant);
      return {
        customers: total(of, 'entered'),
        ordered: total(of, 'ordered'),
        revenue: total(of, 'revenue'),
      };
    };
    const treated = group('treated');
    const holdout = group('holdout');
    const statistics = journeyStatistics({
      treated,
      holdout,
      offerCost: total(at, 'offerCost'),
      messageCost: 0,
      holdoutPercent: step.percent,
    });
    return [{ stepId: step.id, percent: step.percent, treated, holdout, statistics }];
  });
}
