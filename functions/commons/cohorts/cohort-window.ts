import { durationSeconds } from '../../../workflows/language/duration.ts';
import { cohortWindow, type Journey } from '../../../workflows/schema/index.ts';
import { FUNCTION_TIMEOUT_SECONDS } from '../../function-table.ts';
import { MINUTE_MS } from '../runtime/clock.ts';

/**
 * How long after a window closes the ticker waits before taking its entries: longer than an
 * events-API call can last, so an ingest that chose the window while it was open has written its
 * entries before they are read. Without it, an entry written just after the take would be left
 * behind in a window whose cohort has already started.
 */
export const ENTRY_GRACE_MS = (FUNCTION_TIMEOUT_SECONDS['ingest-events'] + 60) * 1000;

/** How long an event journey's entries gather into one cohort (a minute for other journeys). */
export function cohortWindowMs(journey: Journey): number {
  return journey.trigger.kind === 'event' ? durationSeconds(cohortWindow(journey.trigger)) * 1000 : MINUTE_MS;
}

/** The start of the window an instant falls in; windows are aligned to midnight UTC. */
export function windowStart(at: number, windowMs: number): number {
  return Math.floor(at / windowMs) * windowMs;
}

/** A window closes at its end: entries made later join a later window. */
export function isWindowClosed(start: number, windowMs: number, now: number): boolean {
  return start + windowMs <= now;
}

/** When the ticker turns a window's entries into a cohort: once it has been closed for ENTRY_GRACE_MS. */
export function windowReadyAt(start: number, windowMs: number): number {
  return start + windowMs + ENTRY_GRACE_MS;
}

/**
 * The window an entry joins: the one its event happened in while that window is still open,
 * else the current one, so a late event never joins a cohort that may already have started.
 */
export function entryWindowStart(eventAt: number, now: number, windowMs: number): number {
  const start = windowStart(Math.min(eventAt, now), windowMs);
  return isWindowClosed(start, windowMs, now) ? windowStart(now, windowMs) : start;
}
