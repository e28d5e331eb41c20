import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { schemaViolations } from '../../../workflows/language/schema-violations.ts';
import {
  Campaign,
  Condition,
  EntryRules,
  Journey,
  Moment,
  Scalar,
  Step,
} from '../../../workflows/schema/index.ts';

/**
 * The zod issues of a value that a schema rejects, parsed as the workspace parses files: with
 * `reportInput`, so that a missing field can be told from a wrong one.
 */
function issuesOf(schema: z.ZodType, value: unknown): z.core.$ZodIssue[] {
  const result = schema.safeParse(value, { reportInput: true });
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

  it('says a missing field is required and what it expects, with its own code', () => {
    const issues = issuesOf(Step, { id: 'send-sms', kind: 'send', channel: 'sms' });
    expect(schemaViolations(issues)).toEqual([
      { code: 'schema.required', path: ['template'], message: 'is required: expected a string' },
    ]);
  });

  it.each([
    [z.object({ items: z.array(z.string()) }), 'is required: expected a list'],
    [z.object({ items: z.object({}) }), 'is required: expected an object (a mapping of fields)'],
    [z.object({ items: z.number() }), 'is required: expected a number'],
    [z.object({ items: z.enum(['a', 'b']) }), 'is required: expected one of "a", "b"'],
  ])('says what a missing field expects: %#', (schema, message) => {
    expect(schemaViolations(issuesOf(schema, {}))).toEqual([
      { code: 'schema.required', path: ['items'], message },
    ]);
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

  it('says which type a field has, with its value, and which it should have', () => {
    const issues = issuesOf(Step, { id: 'done', kind: 'exit', label: 42 });
    expect(schemaViolations(issues)).toEqual([
      { code: 'schema.invalid_type', path: ['label'], message: 'expected a string, got number 42' },
    ]);
  });

  it.each([
    [z.object({ items: z.array(z.string()) }), { items: 'a' }, 'expected a list, got the text "a"'],
    [
      z.object({ items: z.object({}) }),
      { items: 3 },
      'expected an object (a mapping of fields), got number 3',
    ],
    [z.object({ items: z.boolean() }), { items: 'yes' }, 'expected true or false, got the text "yes"'],
    [z.object({ items: z.number() }), { items: true }, 'expected a number, got boolean true'],
    [z.object({ items: z.number() }), { items: 'abc' }, 'expected a number, got the text "abc"'],
    [z.object({ items: z.number() }), { items: [1, 2] }, 'expected a number, got a list'],
    [z.object({ items: z.number() }), { items: { a: 1 } }, 'expected a number, got an object'],
    [z.object({ items: z.number() }), { items: null }, 'expected a number, got null'],
    [z.object({ items: z.array(z.string()) }), { items: { a: 1 } }, 'expected a list, got an object'],
  ])('names the expected type and the value it got in words: %#', (schema, value, message) => {
    expect(schemaViolations(issuesOf(schema, value))).toEqual([
      { code: 'schema.invalid_type', path: ['items'], message },
    ]);
  });

  it.each([
    [{ id: 'done', kind: 'exit', label: 'x'.repeat(81) }, 'is too long: expected at most 80 characters'],
  ])('says how long a text may be: %#', (value, message) => {
    expect(schemaViolations(issuesOf(Step, value))).toEqual([
      { code: 'schema.too_big', path: ['label'], message },
    ]);
  });

  it.each([
    [z.object({ items: z.string().min(3) }), { items: 'ab' }, 'is too short: expected at least 3 characters'],
    [
      z.object({ items: z.array(z.number()).max(2) }),
      { items: [1, 2, 3] },
      'is too long: expected at most 2 items',
    ],
    [
      z.object({ items: z.array(z.number()).min(2) }),
      { items: [1] },
      'is too short: expected at least 2 items',
    ],
  ])(
    'says how long a text or a list may be when the schema has no message of its own: %#',
    (schema, value, message) => {
      expect(schemaViolations(issuesOf(schema, value)).map((violation) => violation.message)).toEqual([
        message,
      ]);
    },
  );

  it("keeps a schema's own message for a text that is too short", () => {
    const issues = issuesOf(Journey, { ...validJourney, name: '' });
    expect(schemaViolations(issues)).toEqual([
      { code: 'schema.too_small', path: ['name'], message: 'expected a non-empty name' },
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

  it('reports a missing field that has a message of its own as required', () => {
    // Prepare
    const issues = issuesOf(Step, {
      id: 'split',
      kind: 'split',
      variants: [
        { name: 'a', next: 'b' },
        { name: 'b', weight: 50, next: 'c' },
      ],
    });

    // Act
    const violations = schemaViolations(issues);

    // Assess: the wording after "expected" is left open; it is a number in percent either way.
    expect(violations).toEqual([
      {
        code: 'schema.required',
        path: ['variants', 0, 'weight'],
        message: expect.stringMatching(/^is required: expected /),
      },
    ]);
  });

  it("keeps a schema's own message for a field written with the wrong type", () => {
    const issues = issuesOf(Step, {
      id: 'split',
      kind: 'split',
      variants: [
        { name: 'a', weight: '50%', next: 'b' },
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

  it('reports each unknown field at its own path and at its name, suggesting a spelling check', () => {
    const issues = issuesOf(Step, { id: 'done', kind: 'exit', lable: 'Done', nxet: 'x' });
    expect(schemaViolations(issues)).toEqual([
      {
        code: 'schema.unknown_field',
        path: ['lable'],
        message: 'unknown field "lable"; check its spelling or remove it',
        at: 'key',
      },
      {
        code: 'schema.unknown_field',
        path: ['nxet'],
        message: 'unknown field "nxet"; check its spelling or remove it',
        at: 'key',
      },
    ]);
  });

  it('reports a bad name in a record at that name, with the reason of the name schema', () => {
    const issues = issuesOf(Campaign, {
      timezone: 'Asia/Shanghai',
      dates: { SaleStart: '2027-06-18T00:00' },
    });
    expect(schemaViolations(issues)).toEqual([
      {
        code: 'schema.invalid_key',
        path: ['dates', 'SaleStart'],
        message: 'the name "SaleStart" is not allowed: expected a snake_case date name such as "sale_start"',
        at: 'key',
      },
    ]);
  });

  it('reports a bad attribute name in an update step at that name', () => {
    const issues = issuesOf(Step, { id: 'tag', kind: 'update', set: { 'total spend': 5 } });
    expect(schemaViolations(issues)).toEqual([
      {
        code: 'schema.invalid_key',
        path: ['set', 'total spend'],
        message:
          'the name "total spend" is not allowed: expected an attribute name such as "totalSpend" or "address.city"',
        at: 'key',
      },
    ]);
  });

  it('points at the value, not the name, for every other violation', () => {
    const issues = issuesOf(Step, { id: 'send', kind: 'send', channel: 'fax', label: 5 });
    for (const violation of schemaViolations(issues)) expect(violation).not.toHaveProperty('at');
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

    it('reports the message of the union when every alternative fails on the value as a whole', () => {
      const issues = issuesOf(EntryRules, { reentry: 'always' });
      expect(schemaViolations(issues)).toEqual([
        {
          code: 'schema.invalid_union',
          path: ['reentry'],
          message: 'expected "never" or { after: <duration> }',
        },
      ]);
    });

    it('reports the alternative that got past the value as a whole: a bad cooldown of reentry', () => {
      const issues = issuesOf(EntryRules, { reentry: { after: 'one week' } });
      expect(schemaViolations(issues)).toEqual([
        {
          code: 'schema.invalid_format',
          path: ['reentry', 'after'],
          message: expect.stringContaining('expected a duration such as "15m"'),
        },
      ]);
    });

    it('reports a missing field of the alternative that got past the value as a whole', () => {
      const issues = issuesOf(EntryRules, { reentry: {} });
      expect(schemaViolations(issues)).toEqual([
        { code: 'schema.required', path: ['reentry', 'after'], message: 'is required: expected a string' },
      ]);
    });

    it.each([{ city: 'Shanghai' }, ['Shanghai'], null])(
      'reports a scalar written as %j with the message of the union',
      (value) => {
        expect(schemaViolations(issuesOf(Scalar, value))).toEqual([
          { code: 'schema.invalid_union', path: [], message: 'expected a string, number or boolean' },
        ]);
      },
    );

    it('reports an update value written as an object at that value, with the message of the union', () => {
      const issues = issuesOf(Step, { id: 'tag', kind: 'update', set: { city: { name: 'Shanghai' } } });
      expect(schemaViolations(issues)).toEqual([
        {
          code: 'schema.invalid_union',
          path: ['set', 'city'],
          message: 'expected a string, number or boolean',
        },
      ]);
    });

    it('reports a comparison value written as an object with the message of the union', () => {
      const issues = issuesOf(Condition, { attribute: 'city', op: 'eq', value: { name: 'Shanghai' } });
      expect(schemaViolations(issues)).toEqual([
        {
          code: 'schema.invalid_union',
          path: ['value'],
          message: 'expected a string, number or boolean, or a list of them with op "in"',
        },
      ]);
    });

    it('reports a moment that is neither a text nor an object with the message of the union', () => {
      const issues = issuesOf(Moment, 20270618);
      expect(schemaViolations(issues, ['trigger', 'at'])).toEqual([
        {
          code: 'schema.invalid_union',
          path: ['trigger', 'at'],
          message: 'expected an ISO date-time string, or { date, offset, time } relative to a campaign date',
        },
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
