import type { Journey } from '../schema/index.ts';
import { durationSeconds } from './duration.ts';
import { resolveMoment } from './moment.ts';

/** The most refreshes listed at once: a year of hourly ones. */
const MAX_REFRESHES = 9_000;

/** When a scheduled journey with `at` first runs, and when its audience refresh stops (epoch ms). */
export function refreshWindow(
  journey: Journey,
): { start: number; every: number; until?: number } | undefined {
  const trigger = journey.trigger;
  if (trigger.kind !== 'schedule' || trigger.at === undefined || trigger.refresh === undefined)
    return undefined;
  const start = resolveMoment(trigger.at, journey.campaign, trigger.timezone);
  if (!start.ok) return undefined;
  const until =
    trigger.refresh.until === undefined
      ? undefined
      : resolveMoment(trigger.refresh.until, journey.campaign, trigger.timezone);
  return {
    start: start.at.toMillis(),
    every: durationSeconds(trigger.refresh.every) * 1000,
    ...(until?.ok ? { until: until.at.toMillis() } : {}),
  };
}

/**
 * The runs a scheduled journey starts up to `horizon`: its `at`, then one per refresh interval
 * until `refresh.until` (each refresh snapshots the audience again, under the re-entry rules).
 */
export function runTimes(journey: Journey, horizon: number): number[] {
  const trigger = journey.trigger;
  if (trigger.kind !== 'schedule' || trigger.at === undefined) return [];
  const start = resolveMoment(trigger.at, journey.campaign, trigger.timezone);
  if (!start.ok) return [];
  const times = [start.at.toMillis()];
  const refresh = refreshWindow(journey);
  if (!refresh) return times;
  const last = Math.min(refresh.until ?? Number.POSITIVE_INFINITY, horizon);
  for (
    let at = refresh.start + refresh.every;
    at <= last && times.length <= MAX_REFRESHES;
    at += refresh.every
  )
    times.push(at);
  return times;
}

/** The first run of a scheduled `at` journey after `after`: its start, or its next refresh. */
export function nextRunAfter(journey: Journey, after: number): number | undefined {
  const trigger = journey.trigger;
  if (trigger.kind !== 'schedule' || trigger.at === undefined) return undefined;
  const start = resolveMoment(trigger.at, journey.campaign, trigger.timezone);
  if (!start.ok) return undefined;
  if (start.at.toMillis() > after) return start.at.toMillis();
  const refresh = refreshWindow(journey);
  if (!refresh) return undefined;
  const next = refresh.start + (Math.floor((after - refresh.start) / refresh.every) + 1) * refresh.every;
  return next <= (refresh.until ?? Number.POSITIVE_INFINITY) ? next : undefined;
}

/** How long before its StartDate EventBridge Scheduler still accepts a schedule being created. */
const SCHEDULER_START_LEEWAY_MS = 5 * 60_000;
/** Scheduler's EndDate is exclusive while `until` is inclusive: a refresh at `until` still runs. */
const END_MARGIN_MS = 60_000;

/**
 * The rate schedule of a journey's audience refresh as deployed at `now`: its first start is the
 * next refresh (start + k·every) more than the Scheduler's leeway after now, so a deploy after
 * past refreshes still succeeds; undefined when no refresh is left to run.
 */
export function refreshSchedule(
  journey: Journey,
  now: number,
): { every: number; start: number; end?: number } | undefined {
  const refresh = refreshWindow(journey);
  if (!refresh) return undefined;
  const earliest = now + SCHEDULER_START_LEEWAY_MS;
  const intervals = Math.max(1, Math.floor((earliest - refresh.start) / refresh.every) + 1);
  const start = refresh.start + intervals * refresh.every;
  if (refresh.until !== undefined && start > refresh.until) return undefined;
  return {
    every: refresh.every,
    start,
    ...(refresh.until === undefined ? {} : { end: refresh.until + END_MARGIN_MS }),
  };
}
