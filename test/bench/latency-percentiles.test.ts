import { describe, expect, test } from 'vitest';
import { latencyPercentiles, percentile } from '../../bench/latency-percentiles.ts';

describe('nearest-rank percentiles', () => {
  test('the 90th percentile of 12 values is the 11th smallest, whatever order they come in', () => {
    // Prepare: ceil(0.9 × 12) = 11, in whatever order the values come.
    const values = [
      95.1772, 95.1567, 95.1937, 95.1959, 95.1442, 95.061, 95.1591, 95.1195, 95.1065, 95.0925, 95.199,
      95.1682,
    ];

    // Act and Assess
    expect(percentile(values, 90)).toBe(95.1959);
  });

  test('the median of an even count is the lower middle value, and p100 the largest', () => {
    // Act and Assess
    expect(percentile([4, 1, 3, 2], 50)).toBe(2);
    expect(percentile([4, 1, 3, 2], 100)).toBe(4);
  });

  test('p99 of 100 latencies is the 99th smallest, so one slow request in a hundred does not set it', () => {
    // Prepare
    const values = [...Array.from({ length: 99 }, (_, index) => index + 1), 5_000];

    // Act
    const latency = latencyPercentiles(values);

    // Assess
    expect(latency).toEqual({ p50: 50, p99: 99, max: 5_000 });
  });

  test('no values give 0, and a percentile outside (0, 100] is refused', () => {
    // Act and Assess
    expect(latencyPercentiles([])).toEqual({ p50: 0, p99: 0, max: 0 });
    expect(() => percentile([1], 0)).toThrow('expected a percentile above 0 and at most 100, got 0');
  });
});
