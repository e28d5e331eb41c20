import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCron, nextCronTime } from '../../../workflows/language/cron.ts';

describe('checkCron', () => {
  it.each([
    '0 10 ? * MON *',
    '0 10 ? * MON,WED,FRI *',
    '0 10 ? * MON-FRI *',
    '0/15 * ? * * *',
    '30 9 1 * ? *',
    '0 10 L * ? *',
    '0 10 ? * 2#1 *',
    '0 20 17 6 ? 2027',
  ])('accepts the EventBridge Scheduler cron "%s"', (expression) => {
    expect(checkCron(expression)).toEqual({ ok: true });
  });

  it.each([
    ['0 10 * * MON', 5],
    ['0 10 ? * MON * extra', 7],
    ['', 1],
  ])('rejects "%s", which has %i fields, and shows the expected six', (expression, count) => {
    const check = checkCron(expression);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problem).toContain(`has ${count} fields`);
    expect(!check.ok && check.problem).toContain('minutes hours day-of-month month day-of-week year');
  });

  it.each(['0 10 * * MON *', '0 10 1 * MON *', '* * * * * *'])(
    'rejects "%s", which sets both day-of-month and day-of-week',
    (expression) => {
      expect(checkCron(expression)).toEqual({
        ok: false,
        problem: `"${expression}" needs "?" in exactly one of day-of-month and day-of-week`,
      });
    },
  );

  it.each(['0 10 ? * ? *', '0 10 ? JAN ? *'])(
    'rejects "%s", which has "?" in both day-of-month and day-of-week',
    (expression) => {
      expect(checkCron(expression)).toEqual({
        ok: false,
        problem: `"${expression}" needs "?" in exactly one of day-of-month and day-of-week`,
      });
    },
  );

  it.each([' 0 10 ? * MON *', '0 10 ? * MON * ', '\n  0 10 ? * MON *\t'])(
    'ignores the spaces around "%s"',
    (expression) => {
      expect(checkCron(expression)).toEqual({ ok: true });
    },
  );

  it('names the expression without its surrounding spaces in a problem', () => {
    expect(checkCron('  0 10 1 * MON *  ')).toEqual({
      ok: false,
      problem: '"0 10 1 * MON *" needs "?" in exactly one of day-of-month and day-of-week',
    });
  });

  it.each([
    ['0 10 ? * FOO *', 'an unknown day name'],
    ['0 10 ? * XMON *', 'letters before a day name'],
    ['0 10 ? FOO MON *', 'an unknown month name'],
    ['a 10 ? * MON *', 'a letter for the minutes'],
    ['0 x ? * MON *', 'a letter for the hours'],
  ])('rejects "%s", which has %s, as a field it cannot read', (expression) => {
    const check = checkCron(expression);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problem).toContain(`"${expression}" is not a valid cron`);
    expect(!check.ok && check.problem).toContain('a field has a value it cannot read');
  });

  it.each(['0 10 ? * mon *', '0 10 ? jan MON *', '0 10 ? JAN-MAR MON-FRI *'])(
    'accepts day and month names in "%s"',
    (expression) => {
      expect(checkCron(expression)).toEqual({ ok: true });
    },
  );

  it('accepts a cron whose last firing is in the past: when it runs is not its form', () => {
    expect(checkCron('0 10 1 1 ? 2020')).toEqual({ ok: true });
  });

  it.each([
    ['99 10 ? * MON *', '99'],
    ['0 25 ? * MON *', '25'],
    ['0 10 32 * ? *', '32'],
    ['0 10 ? 13 MON *', '13'],
    ['0 10 ? * 8 *', '8'],
    ['0 10 ? * MON 3000', '3000'],
  ])('rejects "%s", whose %s is out of range, as not a valid cron', (expression, value) => {
    const check = checkCron(expression);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problem).toContain(`"${expression}" is not a valid cron`);
    expect(!check.ok && check.problem).toContain(value);
  });
});

describe('nextCronTime', () => {
  it('finds the same day when the cron fires later that day', () => {
    // Prepare: 2027-06-14 is a Monday.
    const after = new Date('2027-06-14T09:59:59Z');

    // Act
    const next = nextCronTime('0 10 ? * MON *', after);

    // Assess
    expect(next?.toISOString()).toBe('2027-06-14T10:00:00.000Z');
  });

  it('is strictly after the given time: a firing exactly then is skipped to the next one', () => {
    const next = nextCronTime('0 10 ? * MON *', new Date('2027-06-14T10:00:00Z'));
    expect(next?.toISOString()).toBe('2027-06-21T10:00:00.000Z');
  });

  it('rounds up to the next quarter hour for "0/15 * ? * * *"', () => {
    const next = nextCronTime('0/15 * ? * * *', new Date('2027-06-14T10:07:30Z'));
    expect(next?.toISOString()).toBe('2027-06-14T10:15:00.000Z');
  });

  it('reads the hours as UTC, leaving time zones to the caller', () => {
    const next = nextCronTime('0 20 17 6 ? 2027', new Date('2027-06-01T00:00:00Z'));
    expect(next?.toISOString()).toBe('2027-06-17T20:00:00.000Z');
  });

  it('finds the last day of the month for "L"', () => {
    const next = nextCronTime('0 10 L * ? *', new Date('2027-02-01T00:00:00Z'));
    expect(next?.toISOString()).toBe('2027-02-28T10:00:00.000Z');
  });

  it('ignores the spaces around the expression', () => {
    const next = nextCronTime('  0 10 ? * MON *  ', new Date('2027-06-14T09:59:59Z'));
    expect(next?.toISOString()).toBe('2027-06-14T10:00:00.000Z');
  });

  it('returns undefined when the cron never fires again', () => {
    expect(nextCronTime('0 10 1 1 ? 2020', new Date('2027-06-14T00:00:00Z'))).toBeUndefined();
  });

  it('finds for a weekly cron the first Monday 10:00 UTC strictly after any time, within a week', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2026-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (after) => {
          // Act
          const next = nextCronTime('0 10 ? * MON *', after);

          // Assess
          expect(next).toBeDefined();
          const at = next as Date;
          expect(at.getTime()).toBeGreaterThan(after.getTime());
          expect(at.getTime() - after.getTime()).toBeLessThanOrEqual(7 * 86_400_000);
          expect(at.getUTCDay()).toBe(1);
          expect([at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds()]).toEqual(
            [10, 0, 0, 0],
          );
        },
      ),
    );
  });

  it('finds a quarter-hour cron within fifteen minutes of any time, on a quarter hour', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2026-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (after) => {
          const at = nextCronTime('0/15 * ? * * *', after) as Date;
          expect(at.getTime()).toBeGreaterThan(after.getTime());
          expect(at.getTime() - after.getTime()).toBeLessThanOrEqual(15 * 60_000);
          expect(at.getUTCMinutes() % 15).toBe(0);
          expect(at.getUTCSeconds()).toBe(0);
        },
      ),
    );
  });
});
