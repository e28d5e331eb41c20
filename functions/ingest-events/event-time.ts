import { DAY_MS, MINUTE_MS } from '../commons/runtime/clock.ts';

/** How far ahead of the server's clock an event may be dated: a client's clock may run a little fast. */
export const MAX_CLOCK_SKEW_MS = 5 * MINUTE_MS;

/**
 * What is wrong with an event's time, if anything: later than the server's clock allows, or
 * older than the timeline keeps events, so that no journey, goal or funnel could ever see it.
 */
export function eventTimeProblem(
  at: string,
  now: number,
  retentionDays: number,
): { path: 'at'; message: string } | undefined {
  const time = Date.parse(at);
  const latest = now + MAX_CLOCK_SKEW_MS;
  if (time > latest)
    return {
      path: 'at',
      message: `${JSON.stringify(at)} is in the future: expected a time no later than ${iso(latest)}, ${MAX_CLOCK_SKEW_MS / MINUTE_MS} minutes past the server's clock`,
    };
  const earliest = now - retentionDays * DAY_MS;
  if (time < earliest)
    return {
      path: 'at',
      message: `${JSON.stringify(at)} is older than the ${retentionDays} days events are kept: expected a time from ${iso(earliest)} on`,
    };
  return undefined;
}

const iso = (at: number) => new Date(at).toISOString();
