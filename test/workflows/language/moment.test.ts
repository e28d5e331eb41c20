import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isTimeZone,
  type MomentResolution,
  parseDateTime,
  resolveMoment,
} from '../../../workflows/language/moment.ts';
import type { Campaign } from '../../../workflows/schema/index.ts';

const campaign618: Campaign = {
  timezone: 'Asia/Shanghai',
  dates: { sale_start: '2027-06-18T00:00', sale_end: '2027-06-20T23:59' },
};

/** The ISO text of a successful resolution, or the problem, so a failure shows what happened. */
function isoOf(resolution: MomentResolution): string {
  return resolution.ok ? (resolution.at.toISO() ?? 'invalid') : `problem: ${resolution.problem}`;
}

describe('isTimeZone', () => {
  it.each(['Asia/Shanghai', 'Europe/Paris', 'America/New_York', 'UTC'])(
    'accepts the IANA zone "%s"',
    (zone) => {
      expect(isTimeZone(zone)).toBe(true);
    },
  );

  it.each(['Asia/Beijing', 'Mars/Olympus', 'not a zone', ''])('rejects "%s"', (zone) => {
    expect(isTimeZone(zone)).toBe(false);
  });
});

describe('parseDateTime', () => {
  it('reads a date-time without an offset as wall-clock time in the zone', () => {
    expect(isoOf(parseDateTime('2027-06-18T00:00', 'Asia/Shanghai'))).toBe('2027-06-17T16:00:00.000Z');
  });

  it('keeps an explicit offset and ignores the zone', () => {
    expect(isoOf(parseDateTime('2027-06-17T12:00:00Z', 'Asia/Shanghai'))).toBe('2027-06-17T12:00:00.000Z');
    expect(isoOf(parseDateTime('2027-06-18T09:00+02:00', 'Asia/Shanghai'))).toBe('2027-06-18T07:00:00.000Z');
  });

  it('reads wall-clock time in a zone with daylight saving by the offset in force on that date', () => {
    expect(isoOf(parseDateTime('2027-01-15T09:00', 'Europe/Paris'))).toBe('2027-01-15T08:00:00.000Z');
    expect(isoOf(parseDateTime('2027-07-15T09:00', 'Europe/Paris'))).toBe('2027-07-15T07:00:00.000Z');
  });

  it('returns the instant in UTC', () => {
    const resolution = parseDateTime('2027-06-18T00:00', 'Asia/Shanghai');
    expect(resolution.ok && resolution.at.zoneName).toBe('UTC');
  });

  it('reports a date that does not exist, naming the text', () => {
    const resolution = parseDateTime('2027-02-30T10:00', 'Asia/Shanghai');
    expect(resolution.ok).toBe(false);
    expect(!resolution.ok && resolution.problem).toContain('"2027-02-30T10:00" is not a real date-time');
  });

  it('reports an unknown time zone instead of guessing one', () => {
    const resolution = parseDateTime('2027-06-18T00:00', 'Asia/Beijing');
    expect(resolution.ok).toBe(false);
  });
});

describe('resolveMoment', () => {
  describe('relative to a campaign date', () => {
    it('resolves sale start minus one day at 20:00 in Asia/Shanghai to 12:00 UTC', () => {
      const resolution = resolveMoment(
        { date: 'sale_start', offset: '-1d', time: '20:00' },
        campaign618,
        'UTC',
      );
      expect(isoOf(resolution)).toBe('2027-06-17T12:00:00.000Z');
    });

    it('resolves a bare campaign date to its own instant', () => {
      expect(isoOf(resolveMoment({ date: 'sale_start' }, campaign618, 'UTC'))).toBe(
        '2027-06-17T16:00:00.000Z',
      );
      expect(isoOf(resolveMoment({ date: 'sale_end' }, campaign618, 'UTC'))).toBe('2027-06-20T15:59:00.000Z');
    });

    it('resolves sale start minus seven days at 10:00 in Asia/Shanghai to 02:00 UTC', () => {
      const resolution = resolveMoment(
        { date: 'sale_start', offset: '-7d', time: '10:00' },
        campaign618,
        'UTC',
      );
      expect(isoOf(resolution)).toBe('2027-06-11T02:00:00.000Z');
    });

    it('adds a positive offset without a time, keeping the minutes of the campaign date', () => {
      const resolution = resolveMoment({ date: 'sale_end', offset: '+2h' }, campaign618, 'UTC');
      expect(isoOf(resolution)).toBe('2027-06-20T17:59:00.000Z');
    });

    it('sets the time of day after the offset, not before', () => {
      // Prepare: 23:59 plus two hours is on the next day, and the time applies to that day.
      const moment = { date: 'sale_end', offset: '+2h', time: '08:00' };

      // Act
      const resolution = resolveMoment(moment, campaign618, 'UTC');

      // Assess
      expect(isoOf(resolution)).toBe('2027-06-21T00:00:00.000Z');
    });

    it('applies the time of day in the campaign time zone even when the campaign date is written in UTC', () => {
      // Prepare: 2027-06-17T18:00Z is 2027-06-18 02:00 in Shanghai.
      const campaign: Campaign = { timezone: 'Asia/Shanghai', dates: { launch: '2027-06-17T18:00:00Z' } };

      // Act
      const resolution = resolveMoment({ date: 'launch', time: '09:00' }, campaign, 'UTC');

      // Assess: 09:00 on 2027-06-18 in Shanghai.
      expect(isoOf(resolution)).toBe('2027-06-18T01:00:00.000Z');
    });

    it('applies the time of day by the daylight-saving offset of the resulting date', () => {
      // Prepare
      const campaign: Campaign = {
        timezone: 'Europe/Paris',
        dates: { summer: '2027-07-01T00:00', winter: '2027-12-01T00:00' },
      };

      // Act
      const summer = resolveMoment({ date: 'summer', time: '20:00' }, campaign, 'UTC');
      const winter = resolveMoment({ date: 'winter', time: '20:00' }, campaign, 'UTC');

      // Assess
      expect(isoOf(summer)).toBe('2027-07-01T18:00:00.000Z');
      expect(isoOf(winter)).toBe('2027-12-01T19:00:00.000Z');
    });

    describe('across a daylight-saving change in Europe/Paris (clocks go forward on 2027-03-28)', () => {
      const paris: Campaign = {
        timezone: 'Europe/Paris',
        dates: {
          sale_start: '2027-03-29T00:30',
          noon_after_change: '2027-03-28T12:00',
          autumn_noon: '2027-10-31T12:00',
        },
      };

      it('resolves sale start minus one day at 20:00 to 20:00 summer time on 28 March', () => {
        const resolution = resolveMoment({ date: 'sale_start', offset: '-1d', time: '20:00' }, paris, 'UTC');
        expect(isoOf(resolution)).toBe('2027-03-28T18:00:00.000Z');
      });

      it('counts a day as a calendar day: noon minus one day is noon the day before, 23 hours earlier', () => {
        // Act
        const resolution = resolveMoment({ date: 'noon_after_change', offset: '-1d' }, paris, 'UTC');

        // Assess: 12:00 on 27 March is still winter time (UTC+1).
        expect(isoOf(resolution)).toBe('2027-03-27T11:00:00.000Z');
      });

      it('counts hours as elapsed time: noon minus 24 hours is 11:00 the day before', () => {
        const resolution = resolveMoment({ date: 'noon_after_change', offset: '-24h' }, paris, 'UTC');
        expect(isoOf(resolution)).toBe('2027-03-27T10:00:00.000Z');
      });

      it('keeps the wall-clock time over the autumn change too, a day of 25 hours', () => {
        // Prepare: clocks go back on 2027-10-31; 12:00 on 30 October is summer time (UTC+2).
        const resolution = resolveMoment({ date: 'autumn_noon', offset: '-1d' }, paris, 'UTC');
        expect(isoOf(resolution)).toBe('2027-10-30T10:00:00.000Z');
      });

      it('counts a week as seven calendar days', () => {
        const resolution = resolveMoment({ date: 'noon_after_change', offset: '-1w' }, paris, 'UTC');
        expect(isoOf(resolution)).toBe('2027-03-21T11:00:00.000Z');
      });

      it('applies the days and the hours of a mixed offset with the same sign', () => {
        // Prepare: 12:00 on 28 March, one day earlier is 12:00 on 27 March, twelve hours earlier is 00:00.
        const resolution = resolveMoment({ date: 'noon_after_change', offset: '-1d12h' }, paris, 'UTC');
        expect(isoOf(resolution)).toBe('2027-03-26T23:00:00.000Z');
      });

      it('lands on the given day offset at the given wall-clock time in Paris, whatever the offset in force', () => {
        fc.assert(
          fc.property(
            fc.integer({ min: -200, max: 200 }),
            fc.integer({ min: 4, max: 23 }),
            fc.integer({ min: 0, max: 59 }),
            (days, hour, minute) => {
              // Prepare
              const offset = `${days < 0 ? '-' : '+'}${Math.abs(days)}d`;
              const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

              // Act
              const resolution = resolveMoment({ date: 'noon_after_change', offset, time }, paris, 'UTC');

              // Assess: read back in Paris, it is that calendar day at that time.
              expect(resolution.ok).toBe(true);
              const local = resolution.ok ? resolution.at.setZone('Europe/Paris') : undefined;
              const day = new Date(Date.UTC(2027, 2, 28 + days));
              expect(local?.toFormat('yyyy-MM-dd HH:mm')).toBe(`${day.toISOString().slice(0, 10)} ${time}`);
            },
          ),
        );
      });
    });

    it('ignores the fallback zone when there is a campaign', () => {
      const inUtc = resolveMoment({ date: 'sale_start', time: '20:00' }, campaign618, 'UTC');
      const inParis = resolveMoment({ date: 'sale_start', time: '20:00' }, campaign618, 'Europe/Paris');
      expect(isoOf(inParis)).toBe(isoOf(inUtc));
    });

    it('lands on the given day offset at the given wall-clock time in Asia/Shanghai (UTC+8, no daylight saving)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: -60, max: 60 }),
          fc.integer({ min: 0, max: 23 }),
          fc.integer({ min: 0, max: 59 }),
          (days, hour, minute) => {
            // Prepare
            const offset = `${days < 0 ? '-' : '+'}${Math.abs(days)}d`;
            const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
            const expected = new Date(Date.UTC(2027, 5, 18 + days, hour - 8, minute)).toISOString();

            // Act
            const resolution = resolveMoment({ date: 'sale_start', offset, time }, campaign618, 'UTC');

            // Assess
            expect(isoOf(resolution)).toBe(expected);
          },
        ),
      );
    });

    it('reports a moment that refers to a campaign date when the journey has no campaign', () => {
      const resolution = resolveMoment({ date: 'sale_start', offset: '-1d' }, undefined, 'Asia/Shanghai');
      expect(resolution).toEqual({
        ok: false,
        problem: 'refers to campaign date "sale_start" but the journey has no campaign',
      });
    });

    it('reports an unknown campaign date and lists the known ones', () => {
      const resolution = resolveMoment({ date: 'sale_begin' }, campaign618, 'UTC');
      expect(resolution).toEqual({
        ok: false,
        problem:
          'refers to campaign date "sale_begin", which campaign.dates does not define (known: sale_start, sale_end)',
      });
    });

    it('says "none" when the campaign defines no dates', () => {
      const resolution = resolveMoment(
        { date: 'sale_start' },
        { timezone: 'Asia/Shanghai', dates: {} },
        'UTC',
      );
      expect(!resolution.ok && resolution.problem).toContain('(known: none)');
    });

    it('reports a campaign date that is not a real date-time', () => {
      const campaign: Campaign = { timezone: 'Asia/Shanghai', dates: { sale_start: '2027-06-31T00:00' } };
      const resolution = resolveMoment({ date: 'sale_start', offset: '-1d' }, campaign, 'UTC');
      expect(resolution.ok).toBe(false);
      expect(!resolution.ok && resolution.problem).toContain('"2027-06-31T00:00" is not a real date-time');
    });

    it('reports a campaign time zone that does not exist', () => {
      const campaign: Campaign = { timezone: 'Asia/Beijing', dates: { sale_start: '2027-06-18T00:00' } };
      expect(resolveMoment({ date: 'sale_start' }, campaign, 'UTC').ok).toBe(false);
    });
  });

  describe('absolute', () => {
    it('reads a date-time without an offset in the campaign time zone', () => {
      expect(isoOf(resolveMoment('2027-06-18T10:00', campaign618, 'Europe/Paris'))).toBe(
        '2027-06-18T02:00:00.000Z',
      );
    });

    it('reads a date-time without an offset in the fallback zone when there is no campaign', () => {
      expect(isoOf(resolveMoment('2027-06-18T10:00', undefined, 'Europe/Paris'))).toBe(
        '2027-06-18T08:00:00.000Z',
      );
    });

    it('keeps an explicit UTC date-time as it is', () => {
      expect(isoOf(resolveMoment('2027-06-17T12:00:00Z', campaign618, 'Europe/Paris'))).toBe(
        '2027-06-17T12:00:00.000Z',
      );
    });

    it('reports an absolute date-time that does not exist', () => {
      expect(resolveMoment('2027-13-01T00:00', undefined, 'UTC').ok).toBe(false);
    });
  });
});
