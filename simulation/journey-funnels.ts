import type { FunnelStore } from '../functions/commons/stores/funnel.ts';
import { messageCostOf } from '../pricing/message-prices.ts';
import { aggregateRows } from '../report/model/step-rows.ts';
import type { Journey } from '../workflows/schema/index.ts';
import type { SimulationState } from './checkpoint.ts';
import { emailStepFunnels } from './email-funnel.ts';
import { holdoutStepFunnels } from './holdout-steps.ts';
import { type JourneyFunnel, journeyFunnel } from './report.ts';
import { smsStepFunnels } from './sms-funnel.ts';

/** Each journey's funnel at the end of a run, from its counters and what the simulation saw delivered. */
export async function journeyFunnels(
  journeys: Iterable<Journey>,
  funnel: FunnelStore,
  state: SimulationState,
): Promise<JourneyFunnel[]> {
  const funnels: JourneyFunnel[] = [];
  for (const journey of journeys) {
    const rows = await funnel.rows(journey.id);
    const reached = state.reached.get(journey.id)?.size ?? 0;
    const sms = smsStepFunnels(journey, rows, state.smsSegments);
    funnels.push({
      ...journeyFunnel(journey, rows, reached, messageCostOf(journey, rows, sms)),
      email: emailStepFunnels(journey, rows),
      sms,
      rows: aggregateRows(rows),
      ...(journey.steps.some((step) => step.kind === 'holdout')
        ? { holdoutSteps: holdoutStepFunnels(journey, rows) }
        : {}),
    });
  }
  return funnels;
}
