import { DateTime } from 'luxon';
import { nextCronTime } from './cron.ts';

/**
 * The next firing of an EventBridge cron read in a time zone, as EventBridge Scheduler does with
 * its ScheduleExpressionTimezone: the cron is evaluated on the zone's wall clock.
 */
export function nextZonedCronTime(expression: string, timezone: string, after: number): number | undefined {
  const wall = DateTime.fromMillis(after, { zone: timezone });
  // The wall-clock time written as if it were UTC, so the UTC-only parser sees local fields.
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const next = nextCronTime(expression, new Date(wallAsUtc));
  if (!next) return undefined;
  const local = DateTime.fromObject(
    {
      year: next.getUTCFullYear(),
      month: next.getUTCMonth() + 1,
      day: next.getUTCDate(),
      hour: next.getUTCHours(),
      minute: next.getUTCMinutes(),
    },
    { zone: timezone },
  );
  return local.toMillis();
}
