import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { schemaViolations } from '../../../workflows/language/schema-violations.ts';
import { Condition, Journey, Moment, Step } from '../../../workflows/schema/index.ts';

/** The zod issues of a value that a schema rejects. */
function issuesOf(schema: z.ZodType, value: unknown): z.core.$ZodIssue[] {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
  return result.error.issues;
}

const validJourney = {
  id: 'cart-nudge',
  name: 'Cart nudge',
  description: 'Reminds customers of their cart.',
  version: 1,
  trigger: { kind: 'event', event: 'add_to_cart' },
  steps: [{ id: 'done', kind: 'exit' }],
};

describe('schemaViolations', () => {
  it('returns nothing for no issues', () => {
    expect(schemaViolations([])).toEqual([]);
  });

  it('says a missing field is required and what it expects', () => {
    const issues = issuesOf(Step, { id: 'send-sms', kind: 'send', channel: 'sms' });
    expect(schemaViolations(issues)).toEqual([
      { code: 'schema.invalid_type', path: ['template'], message: 'is required: expected a string' },
    ]);
  });

  it('says which type a field has and which it should have', () => {
    const issues = issuesOf(Step, { id: 'done', kind: 'exit', label: 42 });
    expect(schemaViolations(issues)).toEqual([
      { code: 'schema.invalid_type', path: ['label'], message: 'expected a string, got a number' },
    ]);
  });

  it.each([
    [z.object({ items: z.array(z.string()) }), { items: 'a' }, 'expected a list, got a string'],
    [
      z.object({ items: z.object({}) }),
      { items: 3 },
      'expected an object (a mapping of fields), got a number',
    ],
    [z.object({ items: z.boolean() }), { items: 'yes' }, 'expected true or false, got a string'],
  ])('names the expected type in words: %#', (schema, value, message) => {
    expect(schemaViolations(issuesOf(schema, value))).toEqual([
      { code: 'schema.invalid_type', path: ['items'], message },
    ]);
  });

  it("keeps a schema's own message for a wrong type", () => {
    const issues = issuesOf(Journey, { ...validJourney, version: 'one' });
    expect(schemaViolations(issues)).toEqual([
      {
        code: 'schema.invalid_type',
        path: ['version'],
        message: 'expected a whole version number such as 1',
      },
    ]);
  });

  it("keeps a schema's own message for a missing field instead of the generic one", () => {
    const issues = issuesOf(Step, {
      id: 'split',
      kind: 'split',
      variants: [
        { name: 'a', next: 'b' },
        { name: 'b', weight: 50, next: 'c' },
      ],
    });
    expect(schemaViolations(issues)).toEqual([
      {
        code: 'schema.invalid_type',
        path: ['variants', 0, 'weight'],
        message: 'expected a weight in percent, such as 50',
      },
    ]);
  });

  it('lists the allowed values of an enum', () => {
    const issues = issuesOf(Step, { id: 'send-fax', kind: 'send', channel: 'fax', template: 'cart' });
    expect(schemaViolations(issues)).toEqual([
      {
        code: 'schema.invalid_value',
        path: ['channel'],
        message: 'expected one of "email", "sms", "push", "in_app", "webhook"',
      },
    ]);
  });

  it('reports each unknown field at its own path, suggesting a spelling check', () => {
    const issues = issuesOf(Step, { id: 'done', kind: 'exit', lable: 'Done', nxet: 'x' });
    expect(schemaViolations(issues)).toEqual([
      {
        code: 'schema.unknown_field',
        path: ['lable'],
        message: 'unknown field "lable"; check its spelling or remove it',
      },
      {
        code: 'schema.unknown_field',
        path: ['nxet'],
        message: 'unknown field "nxet"; check its spelling or remove it',
      },
    ]);
  });

  it('keeps custom refinement messages and their paths', () => {
    const issues = issuesOf(Condition, { attribute: 'totalSpend', op: 'gte' });
    expect(schemaViolations(issues)).toEqual([
      {
        code: 'schema.custom',
        path: ['value'],
        message: 'expected a value to compare the profile attribute with',
      },
    ]);
  });

  it('puts every path under the base path', () => {
    // Prepare
    const issues = issuesOf(Step, { id: 'send-sms', kind: 'send', channel: 'sms', extra: true });

    // Act
    const violations = schemaViolations(issues, ['steps', 3]);

    // Assess
    expect(violations.map((violation) => violation.path)).toEqual([
      ['steps', 3, 'template'],
      ['steps', 3, 'extra'],
    ]);
  });

  it('reports an unknown step kind at "kind" with the list of kinds', () => {
    const issues = issuesOf(Step, { id: 'a', kind: 'sned' });
    expect(schemaViolations(issues)).toEqual([
      {
        code: 'schema.invalid_union',
        path: ['kind'],
        message: 'expected kind to be one of wait, wait_for, branch, split, send, grant, update, exit',
      },
    ]);
  });

  describe('for a union', () => {
    it('reports only the alternative whose keys match: a bad tier inside "and" is reported at the tier', () => {
      const issues = issuesOf(Condition, { and: [{ tier: ['X'] }] });
      expect(schemaViolations(issues)).toEqual([
        {
          code: 'schema.invalid_value',
          path: ['and', 0, 'tier', 0],
          message: 'expected one of "H", "E", "A"',
        },
      ]);
    });

    it('reports the event condition for an event condition with a bad "since"', () => {
      const issues = issuesOf(Condition, { event: 'purchase', since: 'start' });
      expect(schemaViolations(issues)).toEqual([
        { code: 'schema.invalid_value', path: ['since'], message: 'expected "entry"' },
      ]);
    });

    it('falls back to the message of the union when no alternative knows the keys', () => {
      const issues = issuesOf(Condition, { atribute: 'totalSpend', op: 'gte', value: 500 });
      expect(schemaViolations(issues)).toEqual([
        {
          code: 'schema.invalid_union',
          path: [],
          message:
            'expected a condition: an object with one of "attribute", "tier", "event", "and", "or" or "not"',
        },
      ]);
    });

    it('reports a bad field of a campaign-relative moment at that field', () => {
      const issues = issuesOf(Moment, { date: 'sale_start', offset: '1 day' });
      expect(schemaViolations(issues, ['steps', 2, 'until'])).toEqual([
        {
          code: 'schema.invalid_format',
          path: ['steps', 2, 'until', 'offset'],
          message: 'expected a signed duration such as "-1d", "+2h" or "0d"',
        },
      ]);
    });

    it('keeps the full path of a union nested deep in a journey', () => {
      // Prepare
      const journey = {
        ...validJourney,
        steps: [
          { id: 'route', kind: 'branch', cases: [{ when: { tier: ['Q'] }, next: 'done' }], default: 'done' },
          { id: 'done', kind: 'exit' },
        ],
      };

      // Act
      const violations = schemaViolations(issuesOf(Journey, journey));

      // Assess
      expect(violations).toEqual([
        {
          code: 'schema.invalid_value',
          path: ['steps', 0, 'cases', 0, 'when', 'tier', 0],
          message: 'expected one of "H", "E", "A"',
        },
      ]);
    });

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
        { code: 'schema.invalid_type', path: ['size'], message: 'expected a number, got true or false' },
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
        { code: 'schema.invalid_type', path: ['id'], message: 'is required: expected a string' },
      ]);
    });
  });
});
