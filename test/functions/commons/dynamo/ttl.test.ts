import { describe, expect, test } from 'vitest';
import { expiresAt, RETENTION } from '../../../../functions/commons/dynamo/ttl.ts';

describe('expiresAt', () => {
  test('is the epoch second the item is kept until, rounded down', () => {
    // Act
    const seconds = expiresAt(Date.parse('2027-06-18T00:00:00.999Z'), RETENTION.sendClaim);

    // Assess
    expect(new Date(seconds * 1000).toISOString()).toBe('2027-06-21T00:00:00.000Z');
  });
});
