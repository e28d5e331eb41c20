import { describe, expect, test } from 'vitest';
import { nextZonedCronTime } from '../../../workflows/language/zoned-cron.ts';

describe('nextZonedCronTime', () => {
  test('reads the cron on the wall clock of the zone: 10:00 in Shanghai is 02:00 UTC', () => {
    const next = nextZonedCronTime('0 10 * * ? *', 'Asia/Shanghai', Date.parse('2027-06-11T03:00:00Z'));
    expect(new Date(next ?? 0).toISOString()).toBe('2027-06-12T02:00:00.000Z');
  });

  test('keeps 09:00 local across a daylight saving change in Europe/Paris', () => {
    const before = nextZonedCronTime('0 9 * * ? *', 'Europe/Paris', Date.parse('2027-03-27T12:00:00Z'));
    const after = nextZonedCronTime('0 9 * * ? *', 'Europe/Paris', before ?? 0);
    expect(new Date(before ?? 0).toISOString()).toBe('2027-03-28T07:00:00.000Z');
    expect(new Date(after ?? 0).toISOString()).toBe('2027-03-29T07:00:00.000Z');
  });
});
