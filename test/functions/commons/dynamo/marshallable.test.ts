import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { marshallable } from '../../../../functions/commons/dynamo/marshallable.ts';

/** Items util-dynamodb would refuse for a customer's "constructor" key are written as the same maps. */

const withOwn = (key: string, value: unknown): Record<string, unknown> =>
  JSON.parse(JSON.stringify({ [key]: value }));

describe('marshallable', () => {
  it('returns an item without a "constructor" key as it is, not a copy', () => {
    // Prepare
    const item = { pk: 'cust-1', attributes: { city: 'Paris', toString: 'x' }, tags: ['a'], seen: {} };

    // Act
    const result = marshallable(item);

    // Assess
    expect(result).toBe(item);
  });

  it('lets util-dynamodb write nested maps with a "constructor" key, as the M attributes they are', () => {
    // Prepare
    const item = {
      pk: 'cust-1',
      attributes: { ...withOwn('constructor', 'x'), city: 'Paris' },
      history: [{ properties: { attributes: withOwn('constructor', 1) } }],
      seen: { ...withOwn('constructor', 42) },
    };
    expect(() => marshall(item)).toThrow(/Unsupported type/);

    // Act
    const stored = marshall(marshallable(item));

    // Assess
    expect(stored).toEqual({
      pk: { S: 'cust-1' },
      attributes: { M: { constructor: { S: 'x' }, city: { S: 'Paris' } } },
      history: { L: [{ M: { properties: { M: { attributes: { M: { constructor: { N: '1' } } } } } } }] },
      seen: { M: { constructor: { N: '42' } } },
    });
    expect(item.attributes).toEqual({ ...withOwn('constructor', 'x'), city: 'Paris' });
  });

  it('leaves sets, numbers and other non-plain values alone', () => {
    // Prepare
    const tags = new Set(['constructor']);
    const item = { tags, count: 3, at: null, attributes: withOwn('constructor', true) };

    // Act
    const result = marshallable(item) as { tags: unknown; attributes: unknown };

    // Assess
    expect(result.tags).toBe(tags);
    expect(result.attributes).toEqual(new Map([['constructor', true]]));
  });
});
