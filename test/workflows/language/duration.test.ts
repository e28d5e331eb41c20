import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  durationSeconds,
  formatDuration,
  signedDurationParts,
  signedDurationSeconds,
} from '../../../workflows/language/duration.ts';
import { DURATION_PATTERN } from '../../../workflows/schema/primitives.ts';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** Whole numbers of seconds up to about ten years, the range journeys deal in. */
const seconds = fc.integer({ min: 0, max: 520 * WEEK });

describe('durationSeconds', () => {
  it.each([
    ['45s', 45],
    ['15m', 15 * MINUTE],
    ['2h', 2 * HOUR],
    ['3d', 3 * DAY],
    ['1w', WEEK],
    ['1d12h', DAY + 12 * HOUR],
    ['1w2d3h4m5s', WEEK + 2 * DAY + 3 * HOUR + 4 * MINUTE + 5],
    ['90m', 90 * MINUTE],
    ['0s', 0],
  ])('reads "%s" as %i seconds', (text, expected) => {
    expect(durationSeconds(text)).toBe(expected);
  });

  it.each(['1h1d', '1.5h', '2 h', '-1d', '+2h', 'two days', '1y', '1H'])(
    'rejects "%s", which is not a duration, with a RangeError naming it',
    (text) => {
      expect(() => durationSeconds(text)).toThrow(RangeError);
      expect(() => durationSeconds(text)).toThrow(`"${text}"`);
    },
  );

  it('adds up units in any combination, largest first', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.option(fc.nat(60)),
          fc.option(fc.nat(60)),
          fc.option(fc.nat(60)),
          fc.option(fc.nat(600)),
          fc.option(fc.nat(6000)),
        ),
        ([weeks, days, hours, minutes, secs]) => {
          // Prepare
          const parts: [number | null, string, number][] = [
            [weeks, 'w', WEEK],
            [days, 'd', DAY],
            [hours, 'h', HOUR],
            [minutes, 'm', MINUTE],
            [secs, 's', 1],
          ];
          const text = parts.map(([count, unit]) => (count === null ? '' : `${count}${unit}`)).join('');
          const expected = parts.reduce((total, [count, , unit]) => total + (count ?? 0) * unit, 0);

          // Act
          const actual = durationSeconds(text);

          // Assess
          expect(actual).toBe(expected);
        },
      ),
    );
  });
});

describe('signedDurationSeconds', () => {
  it.each([
    ['-1d', -DAY],
    ['+2h', 2 * HOUR],
    ['3h', 3 * HOUR],
    ['-7d', -7 * DAY],
    ['-1d12h', -(DAY + 12 * HOUR)],
    ['0d', 0],
    ['+0d', 0],
  ])('reads "%s" as %i seconds', (text, expected) => {
    expect(signedDurationSeconds(text)).toBe(expected);
  });

  it('rejects a sign followed by something that is not a duration', () => {
    expect(() => signedDurationSeconds('-1 day')).toThrow(RangeError);
  });

  it('negates the magnitude for a leading minus', () => {
    fc.assert(
      fc.property(
        seconds.filter((n) => n > 0),
        (n) => {
          const text = formatDuration(n);
          expect(signedDurationSeconds(`-${text}`)).toBe(-durationSeconds(text));
          expect(signedDurationSeconds(`+${text}`)).toBe(durationSeconds(text));
        },
      ),
    );
  });
});

describe('signedDurationParts', () => {
  /** The parts with -0 written as 0, so that expectations read naturally. */
  function parts(text: string) {
    return Object.fromEntries(Object.entries(signedDurationParts(text)).map(([unit, n]) => [unit, n || 0]));
  }

  it.each([
    ['-1d', { weeks: 0, days: -1, hours: 0, minutes: 0, seconds: 0 }],
    ['+2h', { weeks: 0, days: 0, hours: 2, minutes: 0, seconds: 0 }],
    ['3d', { weeks: 0, days: 3, hours: 0, minutes: 0, seconds: 0 }],
    ['-1d12h', { weeks: 0, days: -1, hours: -12, minutes: 0, seconds: 0 }],
    ['-1w2d3h4m5s', { weeks: -1, days: -2, hours: -3, minutes: -4, seconds: -5 }],
    ['0d', { weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 }],
    ['-48h', { weeks: 0, days: 0, hours: -48, minutes: 0, seconds: 0 }],
  ])('splits "%s" into its units, each carrying the sign', (text, expected) => {
    expect(parts(text)).toEqual(expected);
  });

  it('keeps days as days instead of converting them to hours', () => {
    expect(parts('-2d').days).toBe(-2);
    expect(parts('-2d').hours).toBe(0);
  });

  it.each(['1 day', '--1d', '1h1d', '-1.5d'])('rejects "%s" with a RangeError naming it', (text) => {
    expect(() => signedDurationParts(text)).toThrow(RangeError);
    expect(() => signedDurationParts(text)).toThrow(`"${text}"`);
  });

  it('adds up to the seconds of signedDurationSeconds for any signed duration', () => {
    fc.assert(
      fc.property(fc.integer({ min: -520 * WEEK, max: 520 * WEEK }), (total) => {
        const text = formatDuration(total);
        const { weeks, days, hours, minutes, seconds: rest } = signedDurationParts(text);
        expect(weeks * WEEK + days * DAY + hours * HOUR + minutes * MINUTE + rest).toBe(
          signedDurationSeconds(text),
        );
      }),
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [59, '59s'],
    [60, '1m'],
    [90 * MINUTE, '1h30m'],
    [90_000, '1d1h'],
    [DAY + 12 * HOUR, '1d12h'],
    [WEEK, '1w'],
    [WEEK + 1, '1w1s'],
    [15 * DAY, '2w1d'],
    [-DAY, '-1d'],
    [-(HOUR + 30 * MINUTE), '-1h30m'],
  ])('writes %i seconds as "%s"', (value, expected) => {
    expect(formatDuration(value)).toBe(expected);
  });

  it('normalizes a duration to its largest units: "90m" becomes "1h30m"', () => {
    expect(formatDuration(durationSeconds('90m'))).toBe('1h30m');
  });

  it('round-trips through durationSeconds for any whole number of seconds', () => {
    fc.assert(
      fc.property(seconds, (n) => {
        expect(durationSeconds(formatDuration(n))).toBe(n);
      }),
    );
  });

  it('round-trips through signedDurationSeconds for negative and positive seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: -520 * WEEK, max: 520 * WEEK }), (n) => {
        expect(signedDurationSeconds(formatDuration(n))).toBe(n);
      }),
    );
  });

  it('always writes a form that the schema pattern accepts, each unit at most once and largest first', () => {
    fc.assert(
      fc.property(seconds, (n) => {
        const text = formatDuration(n);
        expect(text).toMatch(DURATION_PATTERN);
        expect(text).not.toBe('');
      }),
    );
  });

  it('is a fixed point: formatting the seconds of a formatted duration gives the same text', () => {
    fc.assert(
      fc.property(seconds, (n) => {
        const text = formatDuration(n);
        expect(formatDuration(durationSeconds(text))).toBe(text);
      }),
    );
  });

  it('never writes more than 6 days, 23 hours, 59 minutes or 59 seconds in one unit', () => {
    fc.assert(
      fc.property(seconds, (n) => {
        const text = formatDuration(n);
        const match = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
        expect(match).not.toBeNull();
        const [, , days, hours, minutes, secs] = match ?? [];
        expect(Number(days ?? 0)).toBeLessThan(7);
        expect(Number(hours ?? 0)).toBeLessThan(24);
        expect(Number(minutes ?? 0)).toBeLessThan(60);
        expect(Number(secs ?? 0)).toBeLessThan(60);
      }),
    );
  });
});
