import { describe, expect, test } from 'vitest';
import { NEW_TABLE, type TableThroughput, WARM_TABLE } from '../../bench/fan-out-constraints.ts';
import { audienceSnapshot, snapshotSegments } from '../../bench/snapshot-fan-out.ts';

const STEADY: TableThroughput = {
  writesPerSecondAtStart: 4_000,
  readsPerSecondAtStart: 12_000,
  doublingSeconds: Infinity,
};

describe('audienceSnapshot', () => {
  const oneAtATime = [
    {
      name: 'one write a second',
      itemsPerCustomer: 1,
      itemsPerRequest: 1,
      requestsInFlight: 1,
      requestLatencyMs: 1_000,
      writeUnitsPerItem: 1,
      readUnitsPerItem: 0,
    },
  ];

  test('by hand: 1,000 customers at one a second in segments of 100, 4 at a time: 3 waves of 100 s', () => {
    const estimate = audienceSnapshot({
      customers: 1_000,
      customersPerSegment: 100,
      mapMaxConcurrency: 4,
      stages: oneAtATime,
      table: STEADY,
    });

    expect(estimate.segments).toBe(10);
    expect(estimate.segmentSeconds).toBe(100);
    expect(estimate.seconds).toBe(300);
    expect(estimate.binding.id).toBe('snapshot-segments');
    expect(estimate.segmentFitsTimeout).toBe(true);
    expect(estimate.maxCustomersPerSegment).toBe(900);
  });

  test('a segment that outlasts the timeout is flagged; a timeout above the Lambda maximum is held to 900 s', () => {
    const estimate = audienceSnapshot({
      customers: 1_000,
      customersPerSegment: 1_000,
      stages: oneAtATime,
      table: STEADY,
      functionTimeoutSeconds: 3_600,
    });

    expect(estimate.functionTimeoutSeconds).toBe(900);
    expect(estimate.segmentFitsTimeout).toBe(false);
  });

  test('segments are between 1 and 1,000, as start-cohorts sizes them', () => {
    expect(snapshotSegments(10, 50_000)).toBe(1);
    expect(snapshotSegments(10_000_000, 50_000)).toBe(200);
    expect(snapshotSegments(1e9, 50_000)).toBe(1_000);
  });

  test('a 10M audience is snapshotted in 200 segments, 10 at a time, each within its timeout even on a new table', () => {
    const warm = audienceSnapshot({ customers: 10_000_000, table: WARM_TABLE });
    const cold = audienceSnapshot({ customers: 10_000_000, table: NEW_TABLE });

    expect(warm.segments).toBe(200);
    expect(warm.segmentFitsTimeout).toBe(true);
    expect(cold.segmentFitsTimeout).toBe(true);
    // On a new table, 10 segments share 4,000 WRU/s: a segment waits on its share, not its requests.
    expect(cold.segmentSeconds).toBeGreaterThan(warm.segmentSeconds * 5);
    expect(cold.binding.id).toBe('dynamodb-table-writes');
    expect(cold.seconds).toBeGreaterThan(warm.seconds);
  });

  test('a segment that holds too many customers for its share of a new table does not fit', () => {
    const huge = audienceSnapshot({
      customers: 10_000_000,
      customersPerSegment: 1_000_000,
      table: NEW_TABLE,
    });

    expect(huge.segmentFitsTimeout).toBe(false);
    expect(huge.maxCustomersPerSegment).toBeLessThan(1_000_000);
  });
});
