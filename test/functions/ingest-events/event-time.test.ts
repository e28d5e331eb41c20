import { describe, expect, it } from 'vitest';
import { DAY_MS, MINUTE_MS } from '../../../functions/commons/runtime/clock.ts';
import { eventTimeProblem, MAX_CLOCK_SKEW_MS } from '../../../functions/ingest-events/event-time.ts';

/** Which event times the events API believes, against the server's clock and the timeline's retention. */

const NOW = Date.parse('2027-06-11T03:00:00Z');
const RETENTION_DAYS = 400;
const iso = (at: number) => new Date(at).toISOString();

describe('eventTimeProblem', () => {
  it('allows a client clock running 5 minutes fast, and no more', () => {
    expect(MAX_CLOCK_SKEW_MS).toBe(5 * MINUTE_MS);
    expect(eventTimeProblem(iso(NOW + MAX_CLOCK_SKEW_MS), NOW, RETENTION_DAYS)).toBeUndefined();
    expect(eventTimeProblem(iso(NOW + MAX_CLOCK_SKEW_MS + 1), NOW, RETENTION_DAYS)).toEqual({
      path: 'at',
      message:
        '"2027-06-11T03:05:00.001Z" is in the future: expected a time no later than 2027-06-11T03:05:00.000Z, 5 minutes past the server\'s clock',
    });
  });

  it('reads a time with an offset as the instant it names', () => {
    expect(eventTimeProblem('2027-06-11T11:04:00+08:00', NOW, RETENTION_DAYS)).toBeUndefined();
    expect(eventTimeProblem('2027-06-11T11:06:00+08:00', NOW, RETENTION_DAYS)?.path).toBe('at');
  });

  it('allows events as old as the timeline keeps them, and no older', () => {
    const oldest = NOW - RETENTION_DAYS * DAY_MS;
    expect(eventTimeProblem(iso(oldest), NOW, RETENTION_DAYS)).toBeUndefined();
    expect(eventTimeProblem(iso(oldest - 1), NOW, RETENTION_DAYS)).toEqual({
      path: 'at',
      message: `"${iso(oldest - 1)}" is older than the 400 days events are kept: expected a time from ${iso(oldest)} on`,
    });
  });

  it('follows the configured retention', () => {
    expect(eventTimeProblem(iso(NOW - 31 * DAY_MS), NOW, 30)?.message).toContain('older than the 30 days');
    expect(eventTimeProblem(iso(NOW - 29 * DAY_MS), NOW, 30)).toBeUndefined();
  });
});
