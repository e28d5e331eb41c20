import { DateTime } from 'luxon';
import type { Journey } from '../workflows/schema/index.ts';

/**
 * The time zone a campaign is planned in: the one most of the scheduled journeys' schedules use,
 * UTC when no journey is scheduled. Ties go to the zone named first.
 */
export function campaignZone(journeys: Iterable<Journey>): string {
  const uses = new Map<string, number>();
  for (const journey of journeys) {
    if (journey.trigger.kind !== 'schedule') continue;
    const zone = journey.trigger.timezone;
    if (DateTime.now().setZone(zone).isValid) uses.set(zone, (uses.get(zone) ?? 0) + 1);
  }
  let chosen = 'UTC';
  let most = 0;
  for (const [zone, count] of uses)
    if (count > most) {
      chosen = zone;
      most = count;
    }
  return chosen;
}

/**
 * A simulated day as the campaign's planners read it: its local date, with the local time when the
 * day does not start at midnight, and the zone, e.g. "2027-06-11 Asia/Shanghai".
 */
export function dayLabel(from: number, zone: string): string {
  const local = DateTime.fromMillis(from, { zone });
  const midnight = local.hour === 0 && local.minute === 0 && local.second === 0;
  return `${local.toFormat(midnight ? 'yyyy-MM-dd' : 'yyyy-MM-dd HH:mm')} ${zone}`;
}
