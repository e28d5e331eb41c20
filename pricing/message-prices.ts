import type { FunnelRow } from '../functions/commons/stores/funnel.ts';
import type { Channel, Journey } from '../workflows/schema/index.ts';

/**
 * What one message costs in the currency of the revenue (¥ in the built-in journeys): SES at
 * $0.10 per 1,000 emails, an SMS segment to a mainland China number at about $0.035, SNS mobile
 * push at $0.50 per million, at 7.1 CNY to the dollar; the inbox and webhooks cost no provider fee.
 * The report's incremental ROI subtracts them (docs/metrics.md).
 */
export const MESSAGE_COSTS: Readonly<Record<Channel, number>> = {
  email: 0.00071,
  sms: 0.25,
  push: 0.0000036,
  in_app: 0,
  webhook: 0,
};

/**
 * A journey's message cost: each send step's messages at its channel's price, SMS per segment
 * where the segments are known (the simulation counts them), else one segment a message.
 */
export function messageCostOf(
  journey: Journey,
  rows: readonly Pick<FunnelRow, 'stepId' | 'counts'>[],
  sms: readonly { readonly stepId: string; readonly segments: number }[] = [],
  costs: Readonly<Record<Channel, number>> = MESSAGE_COSTS,
): number {
  let total = 0;
  for (const step of journey.steps) {
    if (step.kind !== 'send') continue;
    const segments = sms.find((smsStep) => smsStep.stepId === step.id)?.segments;
    const sent = rows
      .filter((row) => row.stepId === step.id)
      .reduce((sum, row) => sum + (row.counts.sent ?? 0), 0);
    total += (step.channel === 'sms' && segments !== undefined ? segments : sent) * costs[step.channel];
  }
  return total;
}
