import { DateTime } from 'luxon';
import type { Channel, Journey, OpeningWindow, QuietHours } from '../schema/index.ts';
import { WEEKDAYS } from '../schema/index.ts';
import { deferUntil, type QuietWindow } from './quiet-hours.ts';

/** When a journey's message on a channel may go out: outside quiet hours, inside opening hours. */
export interface SendWindow {
  readonly quiet: QuietWindow;
  /** The channel's opening windows; absent when the channel is always open. */
  readonly opening?: readonly OpeningWindow[];
}

const minutesOf = (time: string) => {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
};

export function quietWindowOf(hours: QuietHours): QuietWindow {
  return { startMinute: minutesOf(hours.start), endMinute: minutesOf(hours.end) };
}

/** The journey's quiet hours (else the deployment's) and its opening hours for the channel. */
export function sendWindowOf(
  journey: Pick<Journey, 'quiet_hours' | 'opening_hours'> | undefined,
  channel: Channel,
  deploymentQuiet: QuietWindow,
): SendWindow {
  const quiet = journey?.quiet_hours ? quietWindowOf(journey.quiet_hours) : deploymentQuiet;
  const opening = journey?.opening_hours?.[channel];
  return opening ? { quiet, opening } : { quiet };
}

/**
 * The next moment at or after `at` when a channel's opening windows are open, in the customer's
 * zone; undefined when they are open at `at`.
 */
export function nextOpening(
  at: number,
  timezone: string,
  windows: readonly OpeningWindow[],
): number | undefined {
  const zoned = DateTime.fromMillis(at, { zone: timezone });
  const local = zoned.isValid ? zoned : DateTime.fromMillis(at, { zone: 'UTC' });
  let earliest: number | undefined;
  for (let offset = 0; offset <= 7; offset += 1) {
    const day = local.startOf('day').plus({ days: offset });
    const weekday = WEEKDAYS[day.weekday - 1];
    for (const window of windows) {
      if (weekday === undefined || !window.days.includes(weekday)) continue;
      const [startHour = 0, startMinute = 0] = window.start.split(':').map(Number);
      const [endHour = 0, endMinute = 0] = window.end.split(':').map(Number);
      const start = day.set({ hour: startHour, minute: startMinute }).toMillis();
      const end = day.set({ hour: endHour, minute: endMinute }).toMillis();
      if (start <= at && at < end) return undefined;
      if (start > at && (earliest === undefined || start < earliest)) earliest = start;
    }
    if (earliest !== undefined) return earliest;
  }
  return earliest;
}

/**
 * When a message due at `now` may go out: undefined for now, else the first moment that is both
 * past quiet hours and inside an opening window. A window entirely inside quiet hours is skipped
 * for the next one; when every window is, the next opening is taken, quiet or not.
 */
export function sendAt(now: number, timezone: string, window: SendWindow): number | undefined {
  let at = now;
  for (let step = 0; step < 32; step += 1) {
    const afterQuiet = deferUntil(at, timezone, window.quiet) ?? at;
    const opens = window.opening ? nextOpening(afterQuiet, timezone, window.opening) : undefined;
    const next = opens ?? afterQuiet;
    if (next === at) return at === now ? undefined : at;
    at = next;
  }
  // No open minute lies outside the quiet hours (opening hours inside the deployment's quiet
  // hours, which the journey's rules cannot see): the channel's own opening hours win.
  return window.opening
    ? nextOpening(now, timezone, window.opening)
    : deferUntil(now, timezone, window.quiet);
}
