import { describe, expect, test } from 'vitest';
import { nextOpening, sendAt, sendWindowOf } from '../../../workflows/evaluation/send-window.ts';
import type { OpeningWindow } from '../../../workflows/schema/index.ts';

const at = (text: string) => Date.parse(text);
const iso = (value: number | undefined) => (value === undefined ? 'now' : new Date(value).toISOString());
const DEPLOYMENT = { startMinute: 21 * 60, endMinute: 8 * 60 };
const WEEKDAYS: OpeningWindow[] = [
  { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' },
];

describe('send windows', () => {
  test("a journey without quiet hours keeps the deployment's, and one with them replaces them", () => {
    // Act
    const inherited = sendWindowOf({}, 'email', DEPLOYMENT);
    const own = sendWindowOf({ quiet_hours: { start: '22:30', end: '07:15' } }, 'email', DEPLOYMENT);

    // Assess
    expect(inherited).toEqual({ quiet: DEPLOYMENT });
    expect(own).toEqual({ quiet: { startMinute: 22 * 60 + 30, endMinute: 7 * 60 + 15 } });
  });

  test.each([
    ['inside the window', '2027-06-14T10:00:00Z', 'now'],
    ['before it opens on a weekday', '2027-06-14T07:00:00Z', '2027-06-14T09:00:00.000Z'],
    ['at closing time', '2027-06-14T18:00:00Z', '2027-06-15T09:00:00.000Z'],
    ['on Saturday', '2027-06-12T12:00:00Z', '2027-06-14T09:00:00.000Z'],
  ])('opening hours, %s: %s goes out at %s', (_, now, expected) => {
    expect(iso(nextOpening(at(now), 'UTC', WEEKDAYS))).toBe(expected);
  });

  test("opening hours are read in the customer's zone: 09:00 in Shanghai is 01:00 UTC", () => {
    expect(iso(nextOpening(at('2027-06-14T00:00:00Z'), 'Asia/Shanghai', WEEKDAYS))).toBe(
      '2027-06-14T01:00:00.000Z',
    );
  });

  test('quiet hours and opening hours together: the first moment that is both open and not quiet', () => {
    // Prepare: open 09:00-18:00 on weekdays, quiet 09:00-17:00 every day.
    const window = { quiet: { startMinute: 9 * 60, endMinute: 17 * 60 }, opening: WEEKDAYS };

    // Act / Assess
    expect(iso(sendAt(at('2027-06-12T10:00:00Z'), 'UTC', window))).toBe('2027-06-14T17:00:00.000Z');
    expect(iso(sendAt(at('2027-06-14T17:30:00Z'), 'UTC', window))).toBe('now');
  });

  test("opening hours wholly inside the deployment's quiet hours: the next opening, not the end of quiet hours", () => {
    // Prepare: open 22:00-23:00 every day, inside the deployment's quiet 21:00-08:00.
    const late: OpeningWindow[] = [
      { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '22:00', end: '23:00' },
    ];
    const window = sendWindowOf({ opening_hours: { sms: late } }, 'sms', DEPLOYMENT);

    // Act / Assess
    expect(iso(sendAt(at('2027-06-14T12:00:00Z'), 'UTC', window))).toBe('2027-06-14T22:00:00.000Z');
    expect(iso(sendAt(at('2027-06-14T22:30:00Z'), 'UTC', window))).toBe('now');
  });
});
