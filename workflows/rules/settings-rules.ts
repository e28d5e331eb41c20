import { durationSeconds } from '../language/duration.ts';
import { refreshWindow } from '../language/run-times.ts';
import { type Channel, type Journey, OpeningHours } from '../schema/index.ts';
import type { Violation } from './violation.ts';

/** A refresh snapshots the whole audience, so more often than hourly would scan the customers non-stop. */
export const MIN_REFRESH_SECONDS = 3_600;

/** Rules over the journey's settings: entry counts, audience refresh, and hours that leave no time to send. */
export function settingsViolations(journey: Journey): Violation[] {
  return [...entryViolations(journey), ...refreshViolations(journey), ...closedChannels(journey)];
}

function entryViolations(journey: Journey): Violation[] {
  const { max_entries: maxEntries, reentry } = journey.entry;
  if (maxEntries === undefined || maxEntries === 1 || reentry !== 'never') return [];
  return [
    {
      code: 'entry.max_entries_without_reentry',
      path: ['entry', 'max_entries'],
      message: `max_entries ${maxEntries} lets a customer enter ${maxEntries} times, but reentry is "never"; expected reentry: { after: <duration> } beside it, or no max_entries`,
    },
  ];
}

function refreshViolations(journey: Journey): Violation[] {
  const trigger = journey.trigger;
  if (trigger.kind !== 'schedule' || trigger.refresh === undefined) return [];
  const violations: Violation[] = [];
  const every = durationSeconds(trigger.refresh.every);
  if (every < MIN_REFRESH_SECONDS || every % 60 !== 0) {
    violations.push({
      code: 'time.refresh_too_often',
      path: ['trigger', 'refresh', 'every'],
      message: `refresh every "${trigger.refresh.every}": each refresh scans the audience, so expected whole minutes of at least "1h"`,
    });
  }
  const window = refreshWindow(journey);
  if (window?.until !== undefined && window.until <= window.start) {
    violations.push({
      code: 'time.refresh_until_before_start',
      path: ['trigger', 'refresh', 'until'],
      message:
        'refresh.until is not after the journey starts ("at"), so no refresh would run; expected a later moment',
    });
  } else if (window?.until !== undefined && window.until < window.start + window.every) {
    // The first refresh runs one interval after the start: an earlier until leaves none to run.
    const first = new Date(window.start + window.every).toISOString();
    violations.push({
      code: 'time.refresh_until_before_first',
      path: ['trigger', 'refresh', 'until'],
      message: `refresh.until comes before the first refresh (at + every = ${first}), so no refresh would run; expected refresh.until at or after it`,
    });
  }
  return violations;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Channels whose every opening minute falls in the journey's quiet hours: their messages could never leave. */
function closedChannels(journey: Journey): Violation[] {
  const quiet = journey.quiet_hours;
  const opening = journey.opening_hours;
  if (!quiet || !opening) return [];
  const [start, end] = [minutesOf(quiet.start), minutesOf(quiet.end)];
  const isQuiet = (minute: number) =>
    start > end ? minute >= start || minute < end : minute >= start && minute < end;
  return (Object.keys(OpeningHours.shape) as Channel[]).flatMap((channel) => {
    const windows = opening[channel];
    if (!windows) return [];
    const open = windows.some((window) => {
      for (let minute = minutesOf(window.start); minute < minutesOf(window.end); minute += 1)
        if (!isQuiet(minute)) return true;
      return false;
    });
    return open
      ? []
      : [
          {
            code: 'time.opening_hours_all_quiet',
            path: ['opening_hours', channel],
            message: `every opening window of ${channel} lies in the quiet hours ${quiet.start}-${quiet.end}, so its messages could never go out; open it outside them`,
          },
        ];
  });
}
