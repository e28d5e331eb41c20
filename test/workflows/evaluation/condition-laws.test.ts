import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CustomerFacts, evaluateCondition } from '../../../workflows/evaluation/condition.ts';
import type { Condition } from '../../../workflows/schema/index.ts';
import { DAY, NOW, EVALUATION_TIME as time } from '../../support/condition-cases.ts';

describe('evaluateCondition', () => {
  describe('laws', () => {
    const arbitraries = conditionArbitraries();

    it('"not" inverts any condition', () => {
      // Act & Assess: for generated conditions and customers
      fc.assert(
        fc.property(arbitraries.condition, arbitraries.facts, (condition, customer) => {
          expect(evaluateCondition({ not: condition }, customer, time)).toBe(
            !evaluateCondition(condition, customer, time),
          );
        }),
      );
    });

    it('"and" of a list equals every part holding', () => {
      // Act & Assess: for generated conditions and customers
      fc.assert(
        fc.property(
          fc.array(arbitraries.condition, { minLength: 1, maxLength: 4 }),
          arbitraries.facts,
          (parts, customer) => {
            expect(evaluateCondition({ and: parts }, customer, time)).toBe(
              parts.every((part) => evaluateCondition(part, customer, time)),
            );
          },
        ),
      );
    });

    it('"or" of a list equals some part holding', () => {
      // Act & Assess: for generated conditions and customers
      fc.assert(
        fc.property(
          fc.array(arbitraries.condition, { minLength: 1, maxLength: 4 }),
          arbitraries.facts,
          (parts, customer) => {
            expect(evaluateCondition({ or: parts }, customer, time)).toBe(
              parts.some((part) => evaluateCondition(part, customer, time)),
            );
          },
        ),
      );
    });

    it('obeys De Morgan: not (a and b) is (not a) or (not b)', () => {
      // Act & Assess: for generated conditions and customers
      fc.assert(
        fc.property(
          fc.array(arbitraries.condition, { minLength: 1, maxLength: 4 }),
          arbitraries.facts,
          (parts, customer) => {
            const left = evaluateCondition({ not: { and: parts } }, customer, time);
            const right = evaluateCondition({ or: parts.map((part) => ({ not: part })) }, customer, time);
            expect(left).toBe(right);
          },
        ),
      );
    });

    it('exists with false is the negation of exists', () => {
      // Act & Assess: for generated conditions and customers
      fc.assert(
        fc.property(
          fc.constantFrom('totalSpend', 'city', 'address.city', 'missing'),
          arbitraries.facts,
          (attribute, customer) => {
            const present = evaluateCondition({ attribute, op: 'exists' }, customer, time);
            expect(evaluateCondition({ attribute, op: 'exists', value: false }, customer, time)).toBe(
              !present,
            );
          },
        ),
      );
    });
  });
});

/** Random conditions over a small world, so that they hold for some customers and not others. */
function conditionArbitraries() {
  const scalar = fc.oneof(
    fc.integer({ min: 0, max: 1000 }),
    fc.constantFrom('Shanghai', 'Beijing', 'Hangzhou'),
    fc.boolean(),
  );
  const attributeName = fc.constantFrom('totalSpend', 'city', 'member', 'address.city', 'missing');
  const ordering = fc.constantFrom(
    'eq' as const,
    'ne' as const,
    'gt' as const,
    'gte' as const,
    'lt' as const,
    'lte' as const,
  );
  const attributeCondition = fc.oneof(
    fc.record({ attribute: attributeName, op: ordering, value: scalar }),
    fc.record({
      attribute: attributeName,
      op: fc.constant('in' as const),
      value: fc.array(scalar, { maxLength: 3 }),
    }),
    fc.record({ attribute: attributeName, op: fc.constant('exists' as const), value: fc.boolean() }),
  );
  const tierCondition = fc.record({
    tier: fc.uniqueArray(fc.constantFrom('H' as const, 'E' as const, 'A' as const), { minLength: 1 }),
  });
  const eventCondition = fc.oneof(
    fc.record({ event: fc.constantFrom('add_to_cart', 'purchase'), since: fc.constant('entry' as const) }),
    fc.record({
      event: fc.constantFrom('add_to_cart', 'purchase'),
      within: fc.constantFrom('1h', '1d', '1w'),
    }),
  );
  const { condition } = fc.letrec<{ condition: Condition }>((tie) => ({
    condition: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      attributeCondition,
      tierCondition,
      eventCondition,
      fc.record({ and: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ or: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ not: tie('condition') }),
    ),
  }));
  const event = fc.record({
    name: fc.constantFrom('add_to_cart', 'purchase'),
    at: fc.integer({ min: NOW - 10 * DAY, max: NOW + DAY }),
  });
  const customer: fc.Arbitrary<CustomerFacts> = fc.record({
    profile: fc.record(
      {
        tier: fc.constantFrom('H', 'E', 'A'),
        totalSpend: fc.integer({ min: 0, max: 1000 }),
        city: fc.constantFrom('Shanghai', 'Beijing', 'Hangzhou'),
        member: fc.boolean(),
        address: fc.record({ city: fc.constantFrom('Shanghai', 'Hangzhou') }),
      },
      { requiredKeys: [] },
    ),
    events: fc.array(event, { maxLength: 4 }),
  });
  return { condition, facts: customer };
}
