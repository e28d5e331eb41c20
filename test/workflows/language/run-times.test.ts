import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { nextRunAfter, refreshSchedule, runTimes } from '../../../workflows/language/run-times.ts';
import { Journey } from '../../../workflows/schema/index.ts';

const journey = (refresh?: object) =>
  Journey.parse({
    id: 'welcome',
    name: 'Welcome',
    description: 'Welcomes members.',
    version: 1,
    trigger: {
      kind: 'schedule',
      at: '2027-06-11T10:00',
      timezone: 'Asia/Shanghai',
      audience: { segment: { attribute: 'member', op: 'eq', value: true } },
      ...(refresh ? { refresh } : {}),
    },
    steps: [{ id: 'hello', kind: 'exit' }],
  });
const iso = (value: number | undefined) => (value === undefined ? undefined : new Date(value).toISOString());

describe('the runs of a scheduled journey', () => {
  test('without a refresh, one run at its moment', () => {
    expect(runTimes(journey(), Date.parse('2028-01-01T00:00:00Z')).map(iso)).toEqual([
      '2027-06-11T02:00:00.000Z',
    ]);
  });

  test('a refresh adds a run per interval up to its until, or up to the horizon', () => {
    // Act
    const bounded = runTimes(
      journey({ every: '12h', until: '2027-06-12T10:00' }),
      Date.parse('2028-01-01T00:00:00Z'),
    );
    const open = runTimes(journey({ every: '1d' }), Date.parse('2027-06-13T02:00:00Z'));

    // Assess
    expect(bounded.map(iso)).toEqual([
      '2027-06-11T02:00:00.000Z',
      '2027-06-11T14:00:00.000Z',
      '2027-06-12T02:00:00.000Z',
    ]);
    expect(open.map(iso)).toEqual([
      '2027-06-11T02:00:00.000Z',
      '2027-06-12T02:00:00.000Z',
      '2027-06-13T02:00:00.000Z',
    ]);
  });

  test('the next run after a moment: the start, then each refresh, and none after until', () => {
    const refreshed = journey({ every: '1d', until: '2027-06-13T10:00' });
    expect(iso(nextRunAfter(refreshed, Date.parse('2027-06-01T00:00:00Z')))).toBe('2027-06-11T02:00:00.000Z');
    expect(iso(nextRunAfter(refreshed, Date.parse('2027-06-11T02:00:00Z')))).toBe('2027-06-12T02:00:00.000Z');
    expect(iso(nextRunAfter(refreshed, Date.parse('2027-06-13T02:00:00Z')))).toBeUndefined();
    expect(iso(nextRunAfter(journey(), Date.parse('2027-06-11T02:00:00Z')))).toBeUndefined();
  });
});

interface ScheduleCase {
  readonly case: string;
  readonly refresh: object;
  readonly now: string;
  readonly expected: { start: string; end?: string } | null;
}

const scheduleCases = (
  JSON.parse(
    readFileSync(new URL('../../fixtures/language/refresh-schedules.json', import.meta.url), 'utf8'),
  ) as { cases: ScheduleCase[] }
).cases;

describe("the refresh schedule deployed at a moment (EventBridge Scheduler's rate schedule)", () => {
  test.each(scheduleCases)('$case', ({ refresh, now, expected }) => {
    // Act
    const schedule = refreshSchedule(journey(refresh), Date.parse(now));

    // Assess
    const shown =
      schedule === undefined
        ? null
        : { start: iso(schedule.start), ...(schedule.end === undefined ? {} : { end: iso(schedule.end) }) };
    expect(shown).toEqual(expected);
  });
});
