import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { NEW_TABLE, type TableThroughput, WARM_TABLE } from '../../bench/fan-out-constraints.ts';
import { DEFAULT_QUOTAS, type Quotas } from '../../bench/quotas.ts';
import { cohortSendFanOut, DEFAULT_SHARD_WORK, shardSeconds } from '../../bench/send-fan-out.ts';

const STEADY: TableThroughput = {
  writesPerSecondAtStart: 4_000,
  readsPerSecondAtStart: 12_000,
  doublingSeconds: Infinity,
};

describe('shardSeconds', () => {
  test('a shard of 500 sends, 16 writes in flight at 5 ms after 140 ms of other work, takes 300 ms', () => {
    expect(shardSeconds(DEFAULT_SHARD_WORK)).toBeCloseTo(0.3, 9);
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
