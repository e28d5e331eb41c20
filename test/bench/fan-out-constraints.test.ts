import { describe, expect, test } from 'vitest';
import { rampedSeconds, tokenBucketSeconds, wavesSeconds } from '../../bench/fan-out-constraints.ts';

describe('the building blocks', () => {
  test('a token bucket spends its burst at once, then refills', () => {
    expect(tokenBucketSeconds(1_000, 800, 100)).toBe(2);
    expect(tokenBucketSeconds(500, 800, 100)).toBe(0);
    expect(tokenBucketSeconds(10_000_000, 1_300, 300)).toBeCloseTo(33_329, 6);
  });

  test('tasks run in waves of the concurrency', () => {
    expect(wavesSeconds(20_000, 1_000, 0.3)).toBeCloseTo(6, 9);
    expect(wavesSeconds(20_001, 1_000, 0.3)).toBeCloseTo(6.3, 9);
  });

  test('a doubling rate: 4/s for 1 s, then 8/s for the 6 units left', () => {
    expect(rampedSeconds(10, 4, 40, 1)).toBeCloseTo(1.75, 9);
    expect(rampedSeconds(100, 4, 40, Infinity)).toBe(25);
    expect(rampedSeconds(1_000, 4, 8, 1)).toBeCloseTo(1 + 996 / 8, 9);
  });

  test('a rate that never grows still finishes', () => {
    expect(rampedSeconds(10, 1, 10, 1, (rate) => rate)).toBe(10);
    expect(() => rampedSeconds(10, 0, 10, 1)).toThrow('expected rates and a doubling time above 0');
  });
});
