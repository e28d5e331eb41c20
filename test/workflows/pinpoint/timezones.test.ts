import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { zoneOfOffset } from '../../../workflows/pinpoint/timezones.ts';

interface ZoneCase {
  readonly timezone: string;
  readonly zone?: string;
  readonly observesDst?: boolean;
  readonly problem?: string;
}

const CASES = JSON.parse(readFileSync('test/fixtures/pinpoint/timezones.json', 'utf8')) as ZoneCase[];

describe("Pinpoint's schedule time zones", () => {
  test.each(CASES)('$timezone', ({ timezone, zone, observesDst, problem }) => {
    const resolved = zoneOfOffset(timezone);
    expect(resolved).toEqual(
      problem === undefined ? { ok: true, zone, observesDst } : { ok: false, problem },
    );
  });

  test('each zone keeps the offset it stands for, all year or for half of it as it says', () => {
    const offsetIn = (zone: string, moment: string) =>
      new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' })
        .formatToParts(new Date(moment))
        .find((part) => part.type === 'timeZoneName')?.value;
    for (const { timezone, zone, observesDst } of CASES.filter(
      (entry) => entry.zone !== undefined && entry.zone !== 'UTC',
    )) {
      const wanted = `GMT${timezone.replace(/^UTC/, '').replace(/^([+-]\d{2})$/, '$1:00')}`;
      const year = [
        offsetIn(zone ?? '', '2027-01-15T12:00:00Z'),
        offsetIn(zone ?? '', '2027-07-15T12:00:00Z'),
      ];
      expect({ timezone, kept: year.filter((offset) => offset === wanted).length }).toEqual({
        timezone,
        kept: observesDst ? 1 : 2,
      });
    }
  });
});
