import { resolveMoment } from '../workflows/language/moment.ts';
import { runTimes } from '../workflows/language/run-times.ts';
import type { Journey } from '../workflows/schema/index.ts';

/** When each scheduled journey fires up to `horizon`, its audience refreshes included, read from the journeys themselves. */
export function scheduleTimes(
  journeys: Iterable<Journey>,
  horizon = Number.POSITIVE_INFINITY,
): { journeyId: string; at: number }[] {
  const times: { journeyId: string; at: number }[] = [];
  for (const journey of journeys) {
    for (const at of runTimes(journey, horizon)) times.push({ journeyId: journey.id, at });
  }
  return times.sort((a, b) => a.at - b.at || a.journeyId.localeCompare(b.journeyId));
}

/** The sale days of the 618 campaign, from a journey's campaign dates, for the behaviour model. */
export function saleDays(journeys: Iterable<Journey>): { start: number; end: number } {
  for (const journey of journeys) {
    const dates = journey.campaign?.dates;
    if (!dates?.sale_start || !dates.sale_end) continue;
    const start = resolveMoment({ date: 'sale_start' }, journey.campaign, 'UTC');
    const end = resolveMoment({ date: 'sale_end' }, journey.campaign, 'UTC');
    if (start.ok && end.ok) return { start: start.at.toMillis(), end: end.at.toMillis() };
  }
  return { start: Number.POSITIVE_INFINITY, end: Number.POSITIVE_INFINITY };
}
