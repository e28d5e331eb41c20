import type { FunnelMetric, FunnelRow } from '../functions/commons/stores/funnel.ts';
import type { Journey } from '../workflows/schema/index.ts';

/** What became of one email step's messages across a journey's runs, as the provider reported it. */
export interface EmailStepFunnel {
  readonly stepId: string;
  readonly sent: number;
  readonly delivered: number;
  readonly bounced: number;
  readonly complained: number;
  readonly opened: number;
  readonly clicked: number;
}

const FEEDBACK = [
  'sent',
  'delivered',
  'bounced',
  'complained',
  'opened',
  'clicked',
] as const satisfies readonly FunnelMetric[];

/** Each email send step of the journey, in its order, with its counts summed over runs. */
export function emailStepFunnels(journey: Journey, rows: readonly FunnelRow[]): EmailStepFunnel[] {
  return journey.steps
    .filter((step) => step.kind === 'send' && step.channel === 'email')
    .map((step) => {
      const ofStep = rows.filter((row) => row.stepId === step.id);
      const total = (metric: FunnelMetric) => ofStep.reduce((sum, row) => sum + (row.counts[metric] ?? 0), 0);
      return {
        stepId: step.id,
        ...(Object.fromEntries(FEEDBACK.map((metric) => [metric, total(metric)])) as Record<
          (typeof FEEDBACK)[number],
          number
        >),
      };
    });
}

const rate = (count: number, of: number) => (of > 0 ? `${((count / of) * 100).toFixed(1)}%` : '—');

/** One line per email step: delivered, bounced, complaints, opens and clicks, with their rates. */
export function formatEmailSteps(journeyId: string, steps: readonly EmailStepFunnel[]): string[] {
  return steps.map(
    (step) =>
      `  ${journeyId}/${step.stepId}: ${step.sent} sent; ${step.delivered} delivered (${rate(step.delivered, step.sent)}), ${step.bounced} bounced, ${step.complained} complained; ${step.opened} opened (${rate(step.opened, step.delivered)} of delivered), ${step.clicked} clicked (${rate(step.clicked, step.delivered)})`,
  );
}
