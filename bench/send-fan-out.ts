import {
  type Constraint,
  NEW_TABLE,
  type PhaseEstimate,
  phase,
  rampedSeconds,
  stateTransitionConstraint,
  type TableThroughput,
  tableConstraints,
  wavesSeconds,
  withQuota,
} from './fan-out-constraints.ts';
import {
  DEFERRAL_WRITE_UNITS_PER_SHARD,
  defersForRate,
  type ProviderRate,
  providerRateConstraint,
} from './provider-rate.ts';
import { DEFAULT_QUOTAS, type Quotas } from './quotas.ts';

/** One shard task of a send step (functions/send/send.ts), on the busiest table (the state table). */
export interface ShardWork {
  /** @default 500 (SHARD_SIZE) */
  readonly customersPerShard: number;
  /** The conditional claim (frequency cap and idempotency guard); the outbox row goes to its own table. @default 1 */
  readonly writeUnitsPerCustomer: number;
  /**
   * The already-claimed lookup, eventually consistent under 4 KB, found or not (a missing key costs a read:
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html); profiles are read
   * from the customers table. @default 0.5
   */
  readonly readUnitsPerCustomer: number;
  /** The shard's send log (500 records in one item, sized for long customer ids) and its funnel counters (2). @default 66 */
  readonly writeUnitsPerShard: number;
  /** The shard's members: one item under 16 KB, read strongly consistent (4 KB a unit). @default 4 */
  readonly readUnitsPerShard: number;
  /**
   * Writes each shard makes to the hottest single item: one `ADD` per shard to the step's funnel
   * counter, which is spread over 8 buckets by shard (docs/data-model.md). @default 0.125
   */
  readonly sharedItemWritesPerShard: number;
  /** Conditional writes in flight (mapLimit 16 in send.ts). @default 16 */
  readonly parallelWrites: number;
  /** One conditional write inside the Region. @default 5 */
  readonly writeLatencyMs: number;
  /** Everything else in the task: reading members and profiles, writing records, outbox and counters. @default 140 */
  readonly fixedMs: number;
}

export const DEFAULT_SHARD_WORK: ShardWork = {
  customersPerShard: 500,
  writeUnitsPerCustomer: 1,
  readUnitsPerCustomer: 0.5,
  writeUnitsPerShard: 66,
  readUnitsPerShard: 4,
  sharedItemWritesPerShard: 1 / 8,
  parallelWrites: 16,
  writeLatencyMs: 5,
  fixedMs: 140,
};

/** How long one shard task runs: its fixed work, then its customers' writes `parallelWrites` at a time. */
export function shardSeconds(work: ShardWork): number {
  return (
    (work.fixedMs + Math.ceil(work.customersPerShard / work.parallelWrites) * work.writeLatencyMs) / 1000
  );
}

export interface CohortSendInput {
  readonly customers: number;
  /** MaxConcurrency of the Map state: the deploy context `maxConcurrency` (infra/app.ts). @default 100 */
  readonly mapMaxConcurrency?: number;
  readonly work?: Partial<ShardWork>;
  readonly table?: TableThroughput;
  readonly quotas?: Quotas;
  /** States the cohort execution itself enters around the Map. @default 4 */
  readonly parentTransitions?: number;
  /** The provider rate the send is paced to, one message per customer. @default unpaced */
  readonly providerRate?: ProviderRate;
  /** The email provider's maximum send rate: `providerRate` on email. @default unpaced */
  readonly emailsPerSecond?: number;
}

export interface CohortSendEstimate extends PhaseEstimate {
  readonly shards: number;
  readonly shardSeconds: number;
  readonly writeUnits: number;
  readonly readUnits: number;
}

/** One send step of one cohort: `customers / 500` shards, each an Express child calling the send Lambda once. */
export function cohortSendFanOut(input: CohortSendInput): CohortSendEstimate {
  const quotas = input.quotas ?? DEFAULT_QUOTAS;
  const work: ShardWork = { ...DEFAULT_SHARD_WORK, ...input.work };
  const table = input.table ?? NEW_TABLE;
  const mapMaxConcurrency = input.mapMaxConcurrency ?? 100;
  if (!(input.customers > 0)) throw new RangeError(`expected customers above 0, got ${input.customers}`);
  const shards = Math.ceil(input.customers / work.customersPerShard);
  const seconds = shardSeconds(work);
  const rate: ProviderRate | undefined =
    input.providerRate ??
    (input.emailsPerSecond === undefined
      ? undefined
      : { channel: 'email', perSecond: input.emailsPerSecond });
  // Paced, every shard reserves its slots on the channel's one cursor item.
  const hottest =
    rate !== undefined && work.sharedItemWritesPerShard < 1
      ? { writesPerShard: 1, item: `the ${rate.channel} send-rate cursor` }
      : { writesPerShard: work.sharedItemWritesPerShard, item: 'a funnel counter bucket' };
  const deferred = rate !== undefined && defersForRate(input.customers, rate.perSecond);
  const writeUnits =
    input.customers * work.writeUnitsPerCustomer +
    shards * (work.writeUnitsPerShard + (deferred ? DEFERRAL_WRITE_UNITS_PER_SHARD : 0));
  const readUnits = input.customers * work.readUnitsPerCustomer + shards * work.readUnitsPerShard;
  const concurrencyCap = Math.min(
    mapMaxConcurrency,
    quotas.distributedMapConcurrency.value,
    quotas.lambdaConcurrency.value,
  );
  const transitions = shards + (input.parentTransitions ?? 4);
  const constraints: Constraint[] = [
    {
      id: 'lambda-concurrency',
      ...withQuota(quotas.lambdaConcurrency),
      seconds: wavesSeconds(shards, quotas.lambdaConcurrency.value, seconds),
      detail: `${shards} shard tasks of ${seconds} s, ${quotas.lambdaConcurrency.value} at a time`,
    },
    {
      id: 'distributed-map-concurrency',
      ...withQuota(quotas.distributedMapConcurrency),
      seconds: wavesSeconds(shards, quotas.distributedMapConcurrency.value, seconds),
      detail: `${shards} child executions, ${quotas.distributedMapConcurrency.value} at a time`,
    },
    {
      id: 'map-max-concurrency',
      limit: 'MaxConcurrency of the Distributed Map (deploy context maxConcurrency; a setting, not a quota)',
      seconds: wavesSeconds(shards, mapMaxConcurrency, seconds),
      detail: `${shards} child executions, ${mapMaxConcurrency} at a time`,
    },
    {
      id: 'lambda-scaling',
      ...withQuota(quotas.lambdaScaling),
      seconds: rampedSeconds(
        shards * seconds,
        quotas.lambdaScaling.value,
        concurrencyCap,
        10,
        (rate) => rate + quotas.lambdaScaling.value,
      ),
      detail: `${Math.round(shards * seconds)} concurrency-seconds, concurrency growing by ${quotas.lambdaScaling.value} every 10 s up to ${concurrencyCap}`,
    },
    stateTransitionConstraint(quotas, transitions, '(each child start is one)'),
    ...tableConstraints({ writeUnits, readUnits, table, quotas }),
    {
      id: 'dynamodb-shared-item',
      ...withQuota(quotas.dynamoPartitionWrites),
      seconds: (shards * hottest.writesPerShard) / quotas.dynamoPartitionWrites.value,
      detail: `${shards * hottest.writesPerShard} writes to the hottest item (${hottest.item})`,
    },
    ...(rate === undefined ? [] : [providerRateConstraint(input.customers, rate)]),
  ];
  return { ...phase(constraints), shards, shardSeconds: seconds, writeUnits, readUnits };
}
