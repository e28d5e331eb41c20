import { scheduleTimes } from '../simulation/calendar.ts';
import type { PlantedLift } from '../simulation/planted-lift.ts';
import type { JourneyFunnel } from '../simulation/report.ts';
import { durationSeconds } from '../workflows/language/duration.ts';
import type { Journey } from '../workflows/schema/index.ts';

const DAY_MS = 86_400_000;

/** The experiment of `npm run bench -- --statistics`: one journey, a planted lift, many seeds. */
export const PLANTED_EXPERIMENT = {
  workspace: 'bench/planted-lift',
  journeyId: 'planted-lift',
  /** 10:00 in Shanghai: quiet hours (21:00 to 08:00 in each customer's zone) put no message past day 1. */
  startAt: Date.parse('2027-03-01T02:00:00Z'),
  customers: 1000,
  plant: { dailyPurchase: 0.05, touchUplift: 2, days: 3 } satisfies PlantedLift,
} as const;

/**
 * What in the journey would make the planted rates untrue: it must start with the simulation, so
 * that its one message goes out on day 1, and attribute orders for every simulated day.
 */
export function plantedJourneyProblems(journey: Journey, startAt: number, days: number): string[] {
  const problems: string[] = [];
  const fires = scheduleTimes([journey])[0]?.at;
  if (fires !== startAt)
    problems.push(
      `expected ${journey.id} scheduled at ${new Date(startAt).toISOString()}, got ${fires === undefined ? 'no one-time schedule' : new Date(fires).toISOString()}`,
    );
  const window = journey.goal ? durationSeconds(journey.goal.within) * 1000 : 0;
  if (window < days * DAY_MS)
    problems.push(
      `expected ${journey.id} to attribute orders for all ${days} days, got a goal window of ${journey.goal?.within ?? 'none'}`,
    );
  const sends = journey.steps.filter((step) => step.kind === 'send');
  if (sends.length !== 1 || sends[0]?.offer !== undefined)
    problems.push(`expected ${journey.id} to send one message without an offer, got ${sends.length} sends`);
  return problems;
}

/**
 * What in a run's funnel breaks the planted truth: the treated rate holds only if every treated
 * customer was reached, and the lift needs both groups.
 */
export function plantedRunProblems(
  funnel: Pick<JourneyFunnel, 'entered' | 'heldOut' | 'reached'>,
  failedExecutions: number,
): string[] {
  const treated = funnel.entered - funnel.heldOut;
  const problems: string[] = [];
  if (failedExecutions > 0) problems.push(`${failedExecutions} executions failed`);
  if (treated === 0 || funnel.heldOut === 0)
    problems.push(`expected both groups, got ${treated} treated and ${funnel.heldOut} held out`);
  if (funnel.reached !== treated)
    problems.push(`expected every one of the ${treated} treated customers reached, got ${funnel.reached}`);
  return problems;
}
