import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { formatPath, type LocatedViolation } from '../../../workflows/rules/violation.ts';
import { checkTemplateText } from '../../../workflows/workspace/validate-text.ts';

const FIXTURES = new URL('../../fixtures/templates/malformed/', import.meta.url);
const TEMPLATE = '.template.yaml';
const EXPECTED = '.expected.json';

const Finding = z.strictObject({
  code: z.string(),
  /** As written by formatPath, e.g. "mjml". */
  path: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  message: z.string(),
});

/** Exactly these violations and warnings, in this order; a case with no violation has a warning. */
const Expected = z
  .strictObject({
    description: z.string(),
    violations: z.array(Finding),
    warnings: z.array(Finding).optional(),
  })
  .refine((expected) => expected.violations.length + (expected.warnings?.length ?? 0) > 0, {
    error: 'expected at least one violation or warning',
  });

const files = readdirSync(FIXTURES);
const caseNames = (suffix: string) =>
  files.filter((file) => file.endsWith(suffix)).map((file) => file.slice(0, -suffix.length));
const read = (file: string) => readFileSync(new URL(file, FIXTURES), 'utf8');

const cases = caseNames(TEMPLATE).map((name) => {
  const expected = files.includes(`${name}${EXPECTED}`)
    ? Expected.parse(JSON.parse(read(`${name}${EXPECTED}`)))
    : undefined;
  return { name, file: `${name}${TEMPLATE}`, text: read(`${name}${TEMPLATE}`), expected };
});

const shape = (findings: readonly LocatedViolation[]) =>
  findings.map(({ code, path, line, column, message }) => ({
    code,
    path: formatPath(path),
    line,
    column,
    message,
  }));

describe('checkTemplateText on the malformed templates in test/fixtures/templates/malformed', () => {
  test('every template has its expected findings and every expected findings file its template', () => {
    const templates = caseNames(TEMPLATE);
    const expectations = caseNames(EXPECTED);
    expect(templates.filter((name) => !expectations.includes(name))).toEqual([]);
    expect(expectations.filter((name) => !templates.includes(name))).toEqual([]);
  });

  test('there are at least 20 distinct malformed templates', () => {
    expect(new Set(cases.map((entry) => entry.text)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  test.each(cases.map((entry) => [`${entry.name}: ${entry.expected?.description}`, entry] as const))(
    '%s',
    async (_title, { file, text, expected }) => {
      if (expected === undefined) throw new Error(`${file} has no ${EXPECTED}`);

      // Act
      const result = await checkTemplateText(file, text);

      // Assess
      expect(shape(result.violations)).toEqual(expected.violations);
      expect(shape(result.warnings)).toEqual(expected.warnings ?? []);
      // A template with a violation is never compiled; warnings alone do not stop it.
      expect(result.compiled === undefined).toBe(expected.violations.length > 0);
    },
  );
});
