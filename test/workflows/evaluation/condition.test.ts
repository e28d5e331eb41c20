import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CustomerEvent,
  type CustomerFacts,
  type EvaluationTime,
  evaluateCondition,
  matchesProperties,
  readPath,
} from '../../../workflows/evaluation/condition.ts';
import type { Condition, PropertyCondition, Scalar } from '../../../workflows/schema/index.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2027, 5, 18, 12, 0);
const time: EvaluationTime = { now: NOW, enteredAt: NOW - 3 * DAY };

function facts(profile: Record<string, unknown>, events: CustomerEvent[] = []): CustomerFacts {
  return { profile, events };
}

const member = facts({
  tier: 'E',
  totalSpend: 800,
  city: 'Shanghai',
  address: { city: 'Hangzhou', zip: '310000' },
});

describe('evaluateCondition', () => {
  describe('on a profile attribute', () => {
    it.each<[PropertyCondition['op'], Scalar | Scalar[] | undefined, boolean]>([
      ['eq', 800, true],
      ['eq', '800', false],
      ['ne', 800, false],
      ['ne', 500, true],
      ['gt', 800, false],
      ['gt', 799, true],
      ['gte', 800, true],
      ['gte', 801, false],
      ['lt', 801, true],
      ['lt', 800, false],
      ['lte', 800, true],
      ['lte', 799, false],
      ['in', [500, 800], true],
      ['in', [500, 1000], false],
      ['in', ['800'], false],
      ['exists', undefined, true],
      ['exists', true, true],
      ['exists', false, false],
    ])('totalSpend 800 %s %j is %s', (op, value, expected) => {
      expect(evaluateCondition({ attribute: 'totalSpend', op, value }, member, time)).toBe(expected);
    });

    it('compares strings in code-point order', () => {
      expect(evaluateCondition({ attribute: 'city', op: 'gt', value: 'Beijing' }, member, time)).toBe(true);
      expect(evaluateCondition({ attribute: 'city', op: 'lt', value: 'Beijing' }, member, time)).toBe(false);
    });

    it('never orders a number against a string', () => {
      for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
        expect(evaluateCondition({ attribute: 'totalSpend', op, value: '500' }, member, time)).toBe(false);
        expect(evaluateCondition({ attribute: 'city', op, value: 5 }, member, time)).toBe(false);
      }
    });

    it('reads a dotted attribute from a nested object', () => {
      expect(
        evaluateCondition({ attribute: 'address.city', op: 'eq', value: 'Hangzhou' }, member, time),
      ).toBe(true);
    });

    it('treats a missing attribute as absent and not equal to anything', () => {
      expect(evaluateCondition({ attribute: 'birthday', op: 'exists' }, member, time)).toBe(false);
      expect(evaluateCondition({ attribute: 'birthday', op: 'exists', value: false }, member, time)).toBe(
        true,
      );
      expect(evaluateCondition({ attribute: 'birthday', op: 'eq', value: '06-18' }, member, time)).toBe(
        false,
      );
      expect(evaluateCondition({ attribute: 'birthday', op: 'gte', value: 0 }, member, time)).toBe(false);
      expect(evaluateCondition({ attribute: 'birthday', op: 'in', value: ['06-18'] }, member, time)).toBe(
        false,
      );
    });

    it('treats a null attribute as absent', () => {
      expect(evaluateCondition({ attribute: 'phone', op: 'exists' }, facts({ phone: null }), time)).toBe(
        false,
      );
    });

    it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'address.constructor'])(
      'treats "%s", which every object inherits, as absent when the profile does not hold it',
      (attribute) => {
        expect(evaluateCondition({ attribute, op: 'exists' }, facts({ address: {} }), time)).toBe(false);
        expect(
          evaluateCondition({ attribute, op: 'exists', value: false }, facts({ address: {} }), time),
        ).toBe(true);
      },
    );

    it('is false for "constructor exists" on an empty profile', () => {
      expect(evaluateCondition({ attribute: 'constructor', op: 'exists' }, facts({}), time)).toBe(false);
    });

    it('compares an inherited name with nothing, not with the function it inherits', () => {
      expect(evaluateCondition({ attribute: 'toString', op: 'ne', value: 'x' }, facts({}), time)).toBe(true);
      expect(evaluateCondition({ attribute: 'toString', op: 'eq', value: 'x' }, facts({}), time)).toBe(false);
    });

    it('reads a profile attribute that happens to be named like an inherited one', () => {
      const profile = facts({ constructor: 'ACME Builders' });
      expect(
        evaluateCondition({ attribute: 'constructor', op: 'eq', value: 'ACME Builders' }, profile, time),
      ).toBe(true);
    });

    it('counts a false or zero attribute as present', () => {
      const profile = facts({ member: false, points: 0 });
      expect(evaluateCondition({ attribute: 'member', op: 'exists' }, profile, time)).toBe(true);
      expect(evaluateCondition({ attribute: 'points', op: 'exists' }, profile, time)).toBe(true);
      expect(evaluateCondition({ attribute: 'member', op: 'eq', value: false }, profile, time)).toBe(true);
    });
  });

  describe('on the member tier', () => {
    it('holds when the tier is one of the listed tiers', () => {
      expect(evaluateCondition({ tier: ['H', 'E'] }, member, time)).toBe(true);
      expect(evaluateCondition({ tier: ['H', 'A'] }, member, time)).toBe(false);
    });

    it('does not hold for a customer without a tier', () => {
      expect(evaluateCondition({ tier: ['H', 'E', 'A'] }, facts({}), time)).toBe(false);
    });
  });

  describe('on events', () => {
    const cart = (at: number, properties?: Record<string, unknown>): CustomerEvent =>
      properties ? { name: 'add_to_cart', at, properties } : { name: 'add_to_cart', at };

    it('holds for an event since entry, from the moment of entry on', () => {
      const condition: Condition = { event: 'add_to_cart', since: 'entry' };
      expect(evaluateCondition(condition, facts({}, [cart(time.enteredAt)]), time)).toBe(true);
      expect(evaluateCondition(condition, facts({}, [cart(time.enteredAt - 1)]), time)).toBe(false);
    });

    it('holds for an event within a duration, its start included', () => {
      const condition: Condition = { event: 'add_to_cart', within: '1d' };
      expect(evaluateCondition(condition, facts({}, [cart(NOW - DAY)]), time)).toBe(true);
      expect(evaluateCondition(condition, facts({}, [cart(NOW - DAY - 1)]), time)).toBe(false);
      expect(evaluateCondition(condition, facts({}, [cart(NOW)]), time)).toBe(true);
    });

    it('ignores events after now', () => {
      expect(
        evaluateCondition({ event: 'add_to_cart', since: 'entry' }, facts({}, [cart(NOW + 1)]), time),
      ).toBe(false);
      expect(
        evaluateCondition({ event: 'add_to_cart', within: '1w' }, facts({}, [cart(NOW + 1)]), time),
      ).toBe(false);
    });

    it('ignores other events', () => {
      const purchase: CustomerEvent = { name: 'purchase', at: NOW - HOUR };
      expect(evaluateCondition({ event: 'add_to_cart', within: '1d' }, facts({}, [purchase]), time)).toBe(
        false,
      );
    });

    it('requires one event to meet every "where" condition', () => {
      // Prepare
      const condition: Condition = {
        event: 'add_to_cart',
        within: '1d',
        where: [
          { property: 'cartValue', op: 'gte', value: 50 },
          { property: 'category', op: 'eq', value: 'shoes' },
        ],
      };
      const split = facts({}, [
        cart(NOW - HOUR, { cartValue: 80, category: 'bags' }),
        cart(NOW - HOUR, { cartValue: 20, category: 'shoes' }),
      ]);
      const whole = facts({}, [cart(NOW - HOUR, { cartValue: 80, category: 'shoes' })]);

      // Act
      const fromSplit = evaluateCondition(condition, split, time);
      const fromWhole = evaluateCondition(condition, whole, time);

      // Assess
      expect(fromSplit).toBe(false);
      expect(fromWhole).toBe(true);
    });

    it('treats an event without properties as having none', () => {
      const condition: Condition = {
        event: 'add_to_cart',
        since: 'entry',
        where: [{ property: 'cartValue', op: 'exists', value: false }],
      };
      expect(evaluateCondition(condition, facts({}, [cart(NOW - HOUR)]), time)).toBe(true);
    });
  });

  describe('combining conditions', () => {
    const isE: Condition = { tier: ['E'] };
    const isH: Condition = { tier: ['H'] };

    it('holds "and" when every part holds', () => {
      expect(
        evaluateCondition({ and: [isE, { attribute: 'totalSpend', op: 'gte', value: 500 }] }, member, time),
      ).toBe(true);
      expect(evaluateCondition({ and: [isE, isH] }, member, time)).toBe(false);
    });

    it('holds "or" when some part holds', () => {
      expect(evaluateCondition({ or: [isH, isE] }, member, time)).toBe(true);
      expect(evaluateCondition({ or: [isH, { tier: ['A'] }] }, member, time)).toBe(false);
    });

    it('inverts with "not"', () => {
      expect(evaluateCondition({ not: isH }, member, time)).toBe(true);
      expect(evaluateCondition({ not: isE }, member, time)).toBe(false);
    });
  });

  describe('laws', () => {
    const arbitraries = conditionArbitraries();

    it('"not" inverts any condition', () => {
      fc.assert(
        fc.property(arbitraries.condition, arbitraries.facts, (condition, customer) => {
          expect(evaluateCondition({ not: condition }, customer, time)).toBe(
            !evaluateCondition(condition, customer, time),
          );
        }),
      );
    });

    it('"and" of a list equals every part holding', () => {
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

describe('matchesProperties', () => {
  it('holds for no conditions', () => {
    expect(matchesProperties({}, [])).toBe(true);
  });

  it('treats an inherited name as an absent event property', () => {
    expect(matchesProperties({}, [{ property: 'constructor', op: 'exists' }])).toBe(false);
    expect(matchesProperties({}, [{ property: 'toString', op: 'exists', value: false }])).toBe(true);
  });

  it('holds when every condition holds', () => {
    const properties = { cartValue: 80, category: 'shoes', item: { brand: 'acme' } };
    expect(
      matchesProperties(properties, [
        { property: 'cartValue', op: 'gt', value: 50 },
        { property: 'item.brand', op: 'in', value: ['acme', 'other'] },
      ]),
    ).toBe(true);
    expect(
      matchesProperties(properties, [
        { property: 'cartValue', op: 'gt', value: 50 },
        { property: 'category', op: 'ne', value: 'shoes' },
      ]),
    ).toBe(false);
  });
});

describe('readPath', () => {
  const source = { a: { b: { c: 3 } }, list: [{ sku: 'x' }], text: 'hello', none: null };

  it('reads a top-level and a nested value', () => {
    expect(readPath(source, 'text')).toBe('hello');
    expect(readPath(source, 'a.b.c')).toBe(3);
    expect(readPath(source, 'a.b')).toEqual({ c: 3 });
  });

  it('reads into lists by index', () => {
    expect(readPath(source, 'list.0.sku')).toBe('x');
  });

  it('gives undefined for a missing key or a path through a scalar or null', () => {
    expect(readPath(source, 'missing')).toBeUndefined();
    expect(readPath(source, 'missing.deeper')).toBeUndefined();
    expect(readPath(source, 'text.length')).toBeUndefined();
    expect(readPath(source, 'none.x')).toBeUndefined();
    expect(readPath(source, 'a.b.c.d')).toBeUndefined();
  });

  it('reads own properties only, never what an object inherits', () => {
    expect(readPath({}, 'toString')).toBeUndefined();
    expect(readPath({}, 'constructor')).toBeUndefined();
    expect(readPath({}, '__proto__')).toBeUndefined();
    expect(readPath(source, 'a.hasOwnProperty')).toBeUndefined();
    expect(readPath(source, 'list.0.constructor')).toBeUndefined();
    expect(readPath(source, 'a.constructor.name')).toBeUndefined();
    expect(readPath(Object.create({ inherited: 1 }), 'inherited')).toBeUndefined();
  });

  it('reads own properties whatever their name, and on objects without a prototype', () => {
    // Prepare
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { tier: 'H' });

    // Act & Assess
    expect(readPath({ constructor: 'x' }, 'constructor')).toBe('x');
    expect(readPath({ toString: { deep: 1 } }, 'toString.deep')).toBe(1);
    expect(readPath(bare, 'tier')).toBe('H');
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
