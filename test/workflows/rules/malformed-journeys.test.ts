import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { formatPath, type LocatedViolation } from '../../../workflows/rules/violation.ts';
import { checkJourneyText } from '../../../workflows/workspace/validate-text.ts';
import { fixtureCatalog, MALFORMED_FIXTURES } from '../../support/fixture-catalog.ts';

const JOURNEY = '.journey.yaml';
const EXPECTED = '.expected.json';

const ExpectedViolation = z.strictObject({
  code: z.string(),
  /** As written by formatPath, e.g. "steps[0].template". */
  path: z.string(),
  line: z.number().int(),
  /** Only checked when given. */
  column: z.number().int().optional(),
  /** A part of the message; only checked when given. */
  message: z.string().optional(),
});
type ExpectedViolation = z.infer<typeof ExpectedViolation>;

/** The violations must be these, in this order, and no others. */
const Expected = z.strictObject({
  description: z.string().optional(),
  violations: z.array(ExpectedViolation).min(1),
});

const files = readdirSync(MALFORMED_FIXTURES);
const caseNames = (suffix: string) =>
  files.filter((file) => file.endsWith(suffix)).map((file) => file.slice(0, -suffix.length));
const read = (file: string) => readFileSync(new URL(file, MALFORMED_FIXTURES), 'utf8');

// A case without its expected.json fails its own test and the pairing test, not the whole file.
const cases = caseNames(JOURNEY).map((name) => {
  const expected = files.includes(`${name}${EXPECTED}`)
    ? Expected.parse(JSON.parse(read(`${name}${EXPECTED}`)))
    : undefined;
  const title = expected?.description === undefined ? name : `${name}: ${expected.description}`;
  return { title, file: `${name}${JOURNEY}`, text: read(`${name}${JOURNEY}`), expected };
});
const catalog = fixtureCatalog();

/** The actual violations, cut down to the fields each expected violation gives. */
function located(actual: readonly LocatedViolation[], expected: readonly ExpectedViolation[]) {
  return actual.map((violation, index) => ({
    code: violation.code,
    path: formatPath(violation.path),
    line: violation.line,
    ...(expected[index]?.column !== undefined ? { column: violation.column } : {}),
    ...(expected[index]?.message !== undefined ? { message: violation.message } : {}),
  }));
}

function expectedShape(expected: readonly ExpectedViolation[]) {
  return expected.map(({ message, ...rest }) =>
    message === undefined ? rest : { ...rest, message: expect.stringContaining(message) },
  );
}

describe('checkJourneyText on the malformed journeys in test/fixtures/malformed', () => {
  test('every journey has its expected violations and every expected violations file its journey', () => {
    const journeys = caseNames(JOURNEY);
    const expectations = caseNames(EXPECTED);
    expect(journeys.filter((name) => !expectations.includes(name))).toEqual([]);
    expect(expectations.filter((name) => !journeys.includes(name))).toEqual([]);
  });

  test('there are at least 40 distinct malformed journeys', () => {
    expect(new Set(cases.map((entry) => entry.text)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  // '%s' prints the whole title; '$name' would cut it short.
  test.each(cases.map((entry) => [entry.title, entry] as const))('%s', (_title, { file, text, expected }) => {
    if (expected === undefined) throw new Error(`${file} has no ${EXPECTED}`);

    // Act
    const result = checkJourneyText(file, text, catalog);

    // Assess
    expect(result.journey).toBeUndefined();
    expect(result.violations).toHaveLength(expected.violations.length);
    expect(located(result.violations, expected.violations)).toEqual(expectedShape(expected.violations));
    for (const violation of result.violations) expect(violation.file).toBe(file);
  });
});
