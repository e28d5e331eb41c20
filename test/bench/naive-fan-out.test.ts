import { describe, expect, test } from 'vitest';
import { WARM_TABLE } from '../../bench/fan-out-constraints.ts';
import { naiveFanOut } from '../../bench/naive-fan-out.ts';
import { cohortSendFanOut } from '../../bench/send-fan-out.ts';

const DAY = 86_400;

describe('naiveFanOut', () => {
  test('10M executions that stay open 8 days wait on the 1M open-executions quota: 9 more waves of 8 days', () => {
    const estimate = naiveFanOut({ customers: 10_000_000, executionOpenSeconds: 8 * DAY });

    expect(estimate.binding.id).toBe('open-executions');
    expect(estimate.seconds).toBe(9 * 8 * DAY);
  });

  test('short executions are bound by the StartExecution refill rate: (10M - 1,300) / 300 per second', () => {
    const estimate = naiveFanOut({ customers: 10_000_000, executionOpenSeconds: 60 });

    expect(estimate.binding.serviceQuotaName).toBe('StartExecution throttle token refill rate per second');
    expect(estimate.seconds).toBeCloseTo(33_329, 6);
  });

  test('is slower than the cohort design for the same send', () => {
    const naive = naiveFanOut({ customers: 10_000_000, executionOpenSeconds: 60, table: WARM_TABLE });
    const cohort = cohortSendFanOut({ customers: 10_000_000, table: WARM_TABLE });

    expect(naive.seconds).toBeGreaterThan(cohort.seconds);
  });
});
