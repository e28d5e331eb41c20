import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  audienceSnapshot,
  cohortFanOut,
  cohortSendFanOut,
  DEFAULT_QUOTAS,
  DEFAULT_SHARD_WORK,
  NEW_TABLE,
  naiveFanOut,
  type Quotas,
  rampedSeconds,
  shardSeconds,
  snapshotSegments,
  type TableThroughput,
  tokenBucketSeconds,
  WARM_TABLE,
  wavesSeconds,
} from '../../bench/fan-out-model.ts';

const STEADY: TableThroughput = {
  writesPerSecondAtStart: 4_000,
  readsPerSecondAtStart: 12_000,
  doublingSeconds: Infinity,
};
const DAY = 86_400;

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

  test('a shard of 500 sends, 16 writes in flight at 5 ms after 140 ms of other work, takes 300 ms', () => {
    expect(shardSeconds(DEFAULT_SHARD_WORK)).toBeCloseTo(0.3, 9);
  });

  test('each quota names its documentation page', () => {
    for (const quota of Object.values(DEFAULT_QUOTAS)) {
      expect(quota.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(quota.value).toBeGreaterThan(0);
    }
  });
});

describe('cohortSendFanOut', () => {
  test('by hand, 1,000 customers: 2 shards in one wave of 0.3 s bind; their 1,132 write units take 0.283 s at 4,000/s', () => {
    const estimate = cohortSendFanOut({ customers: 1_000, table: STEADY });

    expect(estimate.shards).toBe(2);
    // One claim per customer, and per shard its send log (64) and funnel counters (2).
    expect(estimate.writeUnits).toBe(1_132);
    const seconds = Object.fromEntries(estimate.constraints.map((c) => [c.id, c.seconds]));
    expect(seconds['lambda-concurrency']).toBeCloseTo(0.3, 9);
    expect(seconds['map-max-concurrency']).toBeCloseTo(0.3, 9);
    expect(seconds['state-transitions']).toBe(0);
    expect(seconds['dynamodb-shared-item']).toBeCloseTo(0.00025, 9);
    expect(seconds['dynamodb-table-writes']).toBeCloseTo(0.283, 9);
    expect(estimate.binding.id).toBe('lambda-concurrency');
    expect(estimate.seconds).toBeCloseTo(0.3, 9);
  });

  test('for 10M customers on new tables: 20,000 shards, bound by the on-demand throughput of a new table', () => {
    const estimate = cohortSendFanOut({ customers: 10_000_000, table: NEW_TABLE });

    expect(estimate.shards).toBe(20_000);
    expect(estimate.binding.id).toBe('dynamodb-table-writes');
    expect(estimate.binding.limit).toBe(DEFAULT_QUOTAS.dynamoNewTableWrites.name);
    expect(estimate.seconds).toBe(Math.max(...estimate.constraints.map((c) => c.seconds)));
  });

  test('for 10M customers with warm throughput, the send step fans out within 15 minutes, bound by the table-level write quota', () => {
    const estimate = cohortSendFanOut({ customers: 10_000_000, table: WARM_TABLE });

    expect(estimate.binding.serviceQuotaName).toBe('Table-level write throughput limit');
    expect(estimate.seconds).toBeLessThan(15 * 60);
  });

  test('with the tables out of the way: the Map MaxConcurrency binds, then Lambda concurrency, or one hot counter item', () => {
    const roomy: Quotas = {
      ...DEFAULT_QUOTAS,
      dynamoTableWrites: { ...DEFAULT_QUOTAS.dynamoTableWrites, value: 10_000_000 },
      dynamoTableReads: { ...DEFAULT_QUOTAS.dynamoTableReads, value: 10_000_000 },
    };
    const table = {
      writesPerSecondAtStart: 10_000_000,
      readsPerSecondAtStart: 10_000_000,
      doublingSeconds: 1_800,
    };
    const input = { customers: 10_000_000, table, quotas: roomy };

    const atDefault = cohortSendFanOut(input);
    const raised = cohortSendFanOut({ ...input, mapMaxConcurrency: 10_000 });
    const oneCounter = cohortSendFanOut({
      ...input,
      mapMaxConcurrency: 10_000,
      work: { sharedItemWritesPerShard: 1 },
    });

    expect([atDefault.binding.id, atDefault.seconds]).toEqual(['map-max-concurrency', 200 * 0.3]);
    expect(raised.binding.serviceQuotaName).toBe('Concurrent executions');
    expect(raised.seconds).toBeCloseTo(20 * 0.3, 9);
    expect([oneCounter.binding.id, oneCounter.seconds]).toEqual(['dynamodb-shared-item', 20]);
  });

  test('never gets faster with more customers, nor slower with more Lambda concurrency', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        (customers, more, concurrency) => {
          const base = cohortSendFanOut({ customers }).seconds;
          expect(cohortSendFanOut({ customers: customers + more }).seconds).toBeGreaterThanOrEqual(base);
          const quotas: Quotas = {
            ...DEFAULT_QUOTAS,
            lambdaConcurrency: { ...DEFAULT_QUOTAS.lambdaConcurrency, value: concurrency },
          };
          const raised: Quotas = {
            ...quotas,
            lambdaConcurrency: { ...quotas.lambdaConcurrency, value: concurrency + 100 },
          };
          expect(cohortSendFanOut({ customers, quotas: raised }).seconds).toBeLessThanOrEqual(
            cohortSendFanOut({ customers, quotas }).seconds,
          );
        },
      ),
    );
  });
});

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

describe('cohortFanOut', () => {
  test('adds the snapshot and the send step, and names the longer phase’s binding constraint', () => {
    const estimate = cohortFanOut({ customers: 10_000_000, table: WARM_TABLE });

    expect(estimate.seconds).toBeCloseTo(estimate.snapshot.seconds + estimate.send.seconds, 9);
    const longer = estimate.snapshot.seconds >= estimate.send.seconds ? estimate.snapshot : estimate.send;
    expect(estimate.binding).toBe(longer.binding);
  });
});

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
