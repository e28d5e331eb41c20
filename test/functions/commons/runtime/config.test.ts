import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../../../functions/commons/runtime/config.ts';
import { JourneyInputError } from '../../../../functions/commons/runtime/errors.ts';

const TABLES = { CUSTOMERS_TABLE: 'customers', EVENTS_TABLE: 'events', STATE_TABLE: 'state' };

/** The problems a bad environment is refused with. */
function problemsOf(environment: Record<string, string>): { path: string; message: string }[] {
  try {
    parseConfig({ ...TABLES, ...environment });
  } catch (error) {
    if (error instanceof JourneyInputError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the environment to be refused');
}

describe('parseConfig', () => {
  test('fills in the defaults; snapshot segments come from the table size unless fixed', () => {
    // Act
    const config = parseConfig(TABLES);

    // Assess
    expect(config).toMatchObject({
      FREQUENCY_CAP_PER_DAY: 3,
      QUIET_HOURS: '21:00-08:00',
      AUDIENCE_SEGMENT_CUSTOMERS: 50_000,
    });
    expect(config.AUDIENCE_SEGMENTS).toBeUndefined();
  });

  test('reads numbers from their environment strings', () => {
    // Act
    const config = parseConfig({ ...TABLES, AUDIENCE_SEGMENTS: '12', AUDIENCE_SEGMENT_CUSTOMERS: '20000' });

    // Assess
    expect(config).toMatchObject({ AUDIENCE_SEGMENTS: 12, AUDIENCE_SEGMENT_CUSTOMERS: 20_000 });
  });

  test.each([
    [{ AUDIENCE_SEGMENTS: '0' }, 'AUDIENCE_SEGMENTS', 'expected 1 to 1000 snapshot segments'],
    [{ AUDIENCE_SEGMENTS: '1001' }, 'AUDIENCE_SEGMENTS', 'expected 1 to 1000 snapshot segments'],
    [{ AUDIENCE_SEGMENT_CUSTOMERS: '10' }, 'AUDIENCE_SEGMENT_CUSTOMERS', 'expected at least 1000'],
    [{ QUIET_HOURS: '9pm-8am' }, 'QUIET_HOURS', 'expected "HH:MM-HH:MM"'],
    [{ STATE_TABLE: '' }, 'STATE_TABLE', 'expected the journey state table name'],
  ])('refuses %o, naming %s', (environment, path, message) => {
    // Act
    const problems = problemsOf(environment);

    // Assess
    expect(problems).toEqual([{ path, message: expect.stringContaining(message) }]);
  });
});
