import { describe, expect, test } from 'vitest';
import {
  SEGMENTS_WHEN_SIZE_UNKNOWN,
  snapshotSegments,
} from '../../../functions/start-cohorts/snapshot-sizing.ts';

const sizing = { approximateCustomers: 0, customersPerSegment: 50_000, fromPastRun: false };

describe('snapshotSegments', () => {
  test.each([
    [10_000, 1],
    [50_000, 1],
    [50_001, 2],
    [10_000_000, 200],
    [1e9, 1_000],
  ])('%d customers at 50,000 a segment make %d segments', (customers, segments) => {
    expect(snapshotSegments({ ...sizing, approximateCustomers: customers })).toBe(segments);
  });

  test('a table that reports no items yet (new, or loaded within hours) is not read in one segment', () => {
    expect(snapshotSegments(sizing)).toBe(SEGMENTS_WHEN_SIZE_UNKNOWN);
  });

  test('a fixed count wins over the table size', () => {
    expect(snapshotSegments({ ...sizing, fixed: 3, approximateCustomers: 10_000_000 })).toBe(3);
  });

  test("a past run's audience has at most one segment per reached-index bucket", () => {
    expect(snapshotSegments({ ...sizing, approximateCustomers: 10_000_000, fromPastRun: true })).toBe(16);
    expect(snapshotSegments({ ...sizing, fixed: 4, fromPastRun: true })).toBe(4);
  });
});
