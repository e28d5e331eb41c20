import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { schemaViolations } from '../../../workflows/language/schema-violations.ts';
import { Step } from '../../../workflows/schema/index.ts';
import { issuesOf, schemaViolationCases } from '../../support/schema-violation-cases.ts';

describe('schemaViolations', () => {
  // The cases live in test/fixtures/schema-violations/, one file per topic.
  it.each(schemaViolationCases())('$name', ({ schema, value, basePath, violations }) => {
    // Prepare
    const issues = issuesOf(schema, value);

    // Act
    const found = schemaViolations(issues, basePath);

    // Assess
    expect(found).toEqual(violations);
  });

  it('returns nothing for no issues', () => {
    expect(schemaViolations([])).toEqual([]);
  });

  it('tells a missing field from one written with the wrong type', () => {
    // Prepare
    const schema = z.object({ items: z.string() });

    // Act
    const missing = schemaViolations(issuesOf(schema, {}));
    const wrong = schemaViolations(issuesOf(schema, { items: 5 }));
    const empty = schemaViolations(issuesOf(schema, { items: null }));

    // Assess
    expect(missing.map((violation) => violation.code)).toEqual(['schema.required']);
    expect(wrong.map((violation) => violation.code)).toEqual(['schema.invalid_type']);
    expect(empty.map((violation) => violation.code)).toEqual(['schema.invalid_type']);
  });

  it('points at the value, not the name, for every other violation', () => {
    const issues = issuesOf(Step, { id: 'send', kind: 'send', channel: 'fax', label: 5 });
    for (const violation of schemaViolations(issues)) expect(violation).not.toHaveProperty('at');
  });

  describe('for a union', () => {
    it('chooses the alternative with the fewest issues, whatever the order of the alternatives', () => {
      // Prepare
      const asNumber = z.strictObject({ size: z.number(), colour: z.string().optional() });
      const asText = z.strictObject({ size: z.string(), colour: z.enum(['red']).optional() });
      const value = { size: true, colour: 'blue' };

      // Act
      const numberFirst = schemaViolations(issuesOf(z.union([asNumber, asText]), value));
      const textFirst = schemaViolations(issuesOf(z.union([asText, asNumber]), value));

      // Assess
      const expected = [
        { code: 'schema.invalid_type', path: ['size'], message: 'expected a number, got boolean true' },
      ];
      expect(numberFirst).toEqual(expected);
      expect(textFirst).toEqual(expected);
    });

    it('prefers an alternative that has all its required fields over one with fewer issues but a missing field', () => {
      // Prepare
      const needsId = z.strictObject({
        id: z.string(),
        size: z.number().optional(),
        colour: z.string().optional(),
      });
      const allOptional = z.strictObject({
        id: z.string().optional(),
        size: z.string().optional(),
        colour: z.number().optional(),
      });

      // Act
      const violations = schemaViolations(
        issuesOf(z.union([needsId, allOptional]), { size: 5, colour: 'red' }),
      );

      // Assess
      expect(violations.map((violation) => violation.path)).toEqual([['size'], ['colour']]);
    });

    it('chooses among alternatives that all miss a field when there is nothing better', () => {
      const needsId = z.strictObject({ id: z.string(), size: z.number() });
      const needsNameAndColour = z.strictObject({ name: z.string(), colour: z.string(), size: z.number() });
      const violations = schemaViolations(issuesOf(z.union([needsNameAndColour, needsId]), { size: 5 }));
      expect(violations).toEqual([
        { code: 'schema.required', path: ['id'], message: 'is required: expected a string' },
      ]);
    });

    it('does not choose an alternative that failed on the value as a whole over the union message', () => {
      // Prepare: the text alternative fails at the union's own path with one issue, the object
      // alternative too; neither got inside the value.
      const union = z.union([z.string(), z.strictObject({ a: z.string() })], {
        error: 'expected text or { a }',
      });

      // Act
      const violations = schemaViolations(issuesOf(union, 5));

      // Assess
      expect(violations).toEqual([
        { code: 'schema.invalid_union', path: [], message: 'expected text or { a }' },
      ]);
    });
  });
});
