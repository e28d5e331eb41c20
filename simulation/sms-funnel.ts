import type { FunnelRow } from '../functions/commons/stores/funnel.ts';
import type { Journey } from '../workflows/schema/index.ts';

/** One SMS step's messages across a journey's runs, and the segments they are billed as. */
export interface SmsStepFunnel {
  readonly stepId: string;
  readonly sent: number;
  readonly segments: number;
}

/** The key of a step's segment count in the simulation's state. */
export const smsStepKey = (journeyId: string, stepId: string) => `${journeyId}/${stepId}`;

/** Each SMS send step of the journey, in its order: sent from its counters, segments from what was delivered. */
export function smsStepFunnels(
  journey: Journey,
  rows: readonly FunnelRow[],
  segments: Readonly<Record<string, number>>,
): SmsStepFunnel[] {
  return journey.steps
    .filter((step) => step.kind === 'send' && step.channel === 'sms')
    .map((step) => ({
      stepId: step.id,
      sent: rows
        .filter((row) => row.stepId === step.id)
        .reduce((sum, row) => sum + (row.counts.sent ?? 0), 0),
      segments: segments[smsStepKey(journey.id, step.id)] ?? 0,
    }));
}

/** One line per SMS step: messages and segments, the unit SMS is billed in. */
export function formatSmsSteps(journeyId: string, steps: readonly SmsStepFunnel[]): string[] {
  return steps.map(
    (step) =>
      `  ${journeyId}/${step.stepId}: ${step.sent} sent in ${step.segments} segments${step.sent > 0 ? ` (${(step.segments / step.sent).toFixed(2)} a message)` : ''}`,
  );
}
