import type { FunnelMetric } from '../../functions/commons/stores/funnel.ts';
import type { Journey } from '../../workflows/schema/index.ts';
import { type StepRow, stepCounts } from './step-rows.ts';

/** What can become of a message at a send step, in the order the report lists them. */
export const MESSAGE_OUTCOMES = [
  { metric: 'sent', label: 'sent' },
  { metric: 'skippedConsent', label: 'skipped: no consent' },
  { metric: 'skippedUnsubscribed', label: 'skipped: unsubscribed' },
  { metric: 'skippedSuppressed', label: 'skipped: suppressed (bounce, complaint)' },
  { metric: 'skippedNoAddress', label: 'skipped: no address' },
  { metric: 'skippedNoDevice', label: 'skipped: no device' },
  { metric: 'skippedNoOffer', label: 'skipped: offer not held' },
  { metric: 'deferredQuietHours', label: 'deferred for quiet hours' },
  { metric: 'capped', label: 'capped' },
  { metric: 'rejected', label: 'rejected by provider' },
] as const satisfies readonly { metric: FunnelMetric; label: string }[];

export type MessageOutcome = (typeof MESSAGE_OUTCOMES)[number]['metric'];

/** One send step's messages by outcome, summed over runs, and the customers it let go at the goal. */
export interface SendStepMessages {
  readonly stepId: string;
  readonly channel: string;
  readonly outcomes: Readonly<Record<MessageOutcome, number>>;
  /** Customers who reached the goal and left before this step. */
  readonly leftAtGoal: number;
}

/** Each send step of the journey, in its order, with its messages by outcome. */
export function messagesByStep(journey: Journey, rows: readonly StepRow[]): SendStepMessages[] {
  return journey.steps.flatMap((step) => {
    if (step.kind !== 'send') return [];
    const counts = stepCounts(rows, step.id);
    const outcomes = Object.fromEntries(
      MESSAGE_OUTCOMES.map(({ metric }) => [metric, counts[metric] ?? 0]),
    ) as Record<MessageOutcome, number>;
    return [{ stepId: step.id, channel: step.channel, outcomes, leftAtGoal: counts.converted ?? 0 }];
  });
}
