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
