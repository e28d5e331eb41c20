import { describe, expect, test } from 'vitest';
import { WARM_TABLE } from '../../bench/fan-out-constraints.ts';
import { cohortFanOut } from '../../bench/fan-out-model.ts';

describe('cohortFanOut', () => {
  test('adds the snapshot and the send step, and names the longer phase’s binding constraint', () => {
    const estimate = cohortFanOut({ customers: 10_000_000, table: WARM_TABLE });

    expect(estimate.seconds).toBeCloseTo(estimate.snapshot.seconds + estimate.send.seconds, 9);
    const longer = estimate.snapshot.seconds >= estimate.send.seconds ? estimate.snapshot : estimate.send;
    expect(estimate.binding).toBe(longer.binding);
  });
});
