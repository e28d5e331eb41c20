import { durationSeconds } from '../../workflows/language/duration.ts';
import { cohortWindow, type Journey } from '../../workflows/schema/index.ts';
import { MINUTE_MS } from './clock.ts';

/** How long an event journey's entries gather into one cohort (a minute for other journeys). */
export function cohortWindowMs(journey: Journey): number {
  return journey.trigger.kind === 'event' ? durationSeconds(cohortWindow(journey.trigger)) * 1000 : MINUTE_MS;
}

/** The start of the window an instant falls in; windows are aligned to midnight UTC. */
export function windowStart(at: number, windowMs: number): number {
  return Math.floor(at / windowMs) * windowMs;
}

/** A window closes at its end; the ticker then turns its entries into a cohort. */
export function isWindowClosed(start: number, windowMs: number, now: number): boolean {
  return start + windowMs <= now;
}

/**
 * The window an entry joins: the one its event happened in while that window is still open,
 * else the current one, so a late event never joins a cohort that may already have started.
 */
export function entryWindowStart(eventAt: number, now: number, windowMs: number): number {
  const start = windowStart(Math.min(eventAt, now), windowMs);
  return isWindowClosed(start, windowMs, now) ? windowStart(now, windowMs) : start;
}
