import type { FunnelMetric } from '../../functions/commons/stores/funnel.ts';
import type { Journey, Step } from '../../workflows/schema/index.ts';
import { MESSAGE_OUTCOMES } from './messages.ts';
import { type StepRow, stepCounts } from './step-rows.ts';

/** One step of a journey with what its counters say, summed over runs and variants. */
export interface StepView {
  readonly stepId: string;
  readonly kind: Step['kind'];
  /** Customers the step handled: messages decided, grants tried, customers divided or let go; none for a wait. */
  readonly handled?: number;
  /** Customers who reached the goal and left just before this step. */
  readonly converted: number;
  /** Customers by the way they went on: the branch case, split variant, holdout group or wait_for's "event". */
  readonly byVariant: readonly { readonly variant: string; readonly entered: number }[];
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * The counters that say how many customers a step handled, by kind: the messages a send step
 * decided, the grants tried, the customers divided. A kind not listed (one added later) counts
 * the customers it divided, if it divides them; a wait handles no one.
 */
const HANDLED_BY: Partial<Record<Step['kind'], readonly FunnelMetric[]>> = {
  send: MESSAGE_OUTCOMES.map((outcome) => outcome.metric),
  grant: ['granted', 'alreadyGranted'],
  update: ['updated'],
  exit: ['exited'],
  branch: ['entered'],
  split: ['entered'],
  wait_for: ['entered'],
  wait: [],
};

function handledBy(step: Step, counts: Readonly<Record<string, number>>): number | undefined {
  const metrics = HANDLED_BY[step.kind] ?? (counts.entered !== undefined ? ['entered'] : []);
  if (metrics.length === 0) return undefined;
  return metrics.reduce((sum, metric) => sum + (counts[metric] ?? 0), 0);
}

/** Every step of the journey, in its order, with its counts. */
export function stepViews(journey: Journey, rows: readonly StepRow[]): StepView[] {
  return journey.steps.map((step) => {
    const counts = stepCounts(rows, step.id);
    const byVariant = rows
      .filter((row) => row.stepId === step.id && (row.counts.entered ?? 0) > 0)
      .map((row) => ({ variant: row.variant, entered: row.counts.entered ?? 0 }));
    const handled = handledBy(step, counts);
    return {
      stepId: step.id,
      kind: step.kind,
      ...(handled !== undefined ? { handled } : {}),
      converted: counts.converted ?? 0,
      byVariant,
      counts,
    };
  });
}
