import { describe, expect, it } from 'vitest';
import { evaluateCondition, matchesProperties, readPath } from '../../../workflows/evaluation/condition.ts';
import { conditionCases, EVALUATION_TIME } from '../../support/condition-cases.ts';

describe('evaluateCondition', () => {
  // The cases live in test/fixtures/conditions/, one file per kind of condition.
  it.each(conditionCases())('$name', ({ checks }) => {
    for (const { condition, facts, holds } of checks) {
      // Act
      const held = evaluateCondition(condition, facts, EVALUATION_TIME);

      // Assess
      expect(held, JSON.stringify({ condition, facts })).toBe(holds);
    }
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
