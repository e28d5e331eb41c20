import { DateTime } from 'luxon';

export interface QuietWindow {
  /** Minutes after local midnight when quiet hours start, e.g. 21:00 → 1260. */
  readonly startMinute: number;
  /** Minutes after local midnight when they end, e.g. 08:00 → 480. */
  readonly endMinute: number;
}

/**
 * When a message may go out: now, or the end of the customer's quiet hours in their own time
 * zone ("the customer's morning"). Undefined means now.
 */
export function deferUntil(now: number, timezone: string, window: QuietWindow): number | undefined {
  const local = DateTime.fromMillis(now, { zone: timezone });
  const zoned = local.isValid ? local : DateTime.fromMillis(now, { zone: 'UTC' });
  const minute = zoned.hour * 60 + zoned.minute;
  const wraps = window.startMinute > window.endMinute;
  const quiet = wraps
    ? minute >= window.startMinute || minute < window.endMinute
    : minute >= window.startMinute && minute < window.endMinute;
  if (!quiet) return undefined;
  // Wall-clock time, not minutes elapsed since midnight: a DST day has 23 or 25 hours.
  const endToday = zoned.set({
    hour: Math.floor(window.endMinute / 60),
    minute: window.endMinute % 60,
    second: 0,
    millisecond: 0,
  });
  const end = minute >= window.endMinute ? endToday.plus({ days: 1 }) : endToday;
  return end.toMillis();
}
