import type { FunnelRow } from '../functions/commons/stores/funnel.ts';
import { type HoldoutStepView, holdoutStepViews } from '../report/model/holdout-steps.ts';
import type { Journey } from '../workflows/schema/index.ts';

/** A holdout step's two groups, and the lift of the steps after it with its intervals. */
export type HoldoutStepFunnel = HoldoutStepView;

/**
 * Each holdout step of the journey from its rows: the customers who went on and those it held
 * out, with the orders each group made after passing it. The HTML report computes the same.
 */
export function holdoutStepFunnels(journey: Journey, rows: readonly FunnelRow[]): HoldoutStepFunnel[] {
  return holdoutStepViews(journey, rows);
}
