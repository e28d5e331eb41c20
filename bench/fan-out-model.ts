import { snapshotSegments as sizeSnapshot } from '../functions/start-cohorts/snapshot-sizing.ts';
import { SNAPSHOT_MAX_CONCURRENCY } from '../workflows/compiler/snapshot-states.ts';

/**
 * How long a large send takes to fan out under AWS default quotas (us-east-1), for the cohort
 * design and for the naive one (one Standard execution per customer). Pure arithmetic: each
 * constraint gives the time the work would take if it were the only limit, the estimate is the
 * largest of them, and that constraint is named as the binding one.
 */

/** A default quota, by the name AWS documents it under. */
export interface Quota {
  readonly name: string;
  /** Its name in the Service Quotas console, where it is listed there. */
  readonly serviceQuotaName?: string;
  readonly value: number;
  readonly unit: string;
  readonly adjustable: boolean;
  readonly source: string;
  readonly note?: string;
}

const SFN_QUOTAS = 'https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html';
const SFN_DISTRIBUTED_MAP = 'https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html';
const LAMBDA_QUOTAS = 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html';
const LAMBDA_SCALING = 'https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html';
const DDB_QUOTAS = 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html';
const DDB_ON_DEMAND =
  'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html';

/** Default quotas in us-east-1, as commonly documented; verify on the pages named before relying. */
export const DEFAULT_QUOTAS = {
  startExecutionBucket: {
    name: 'StartExecution throttle token bucket size (Standard)',
    serviceQuotaName: 'StartExecution throttle token bucket size',
    value: 1_300,
    unit: 'requests (burst)',
    adjustable: true,
    source: SFN_QUOTAS,
  },
  startExecutionRefill: {
    name: 'StartExecution throttle token refill rate (Standard)',
    serviceQuotaName: 'StartExecution throttle token refill rate per second',
    value: 300,
    unit: 'requests per second',
    adjustable: true,
    source: SFN_QUOTAS,
  },
  stateTransitionBucket: {
    name: 'StateTransition throttle token bucket size (Standard)',
    serviceQuotaName: 'StateTransition throttle token bucket size',
    value: 5_000,
    unit: 'transitions (burst)',
    adjustable: true,
    source: SFN_QUOTAS,
  },
  stateTransitionRefill: {
    name: 'StateTransition throttle token refill rate (Standard)',
    serviceQuotaName: 'StateTransition throttle token refill rate per second',
    value: 5_000,
    unit: 'transitions per second',
    adjustable: true,
    source: SFN_QUOTAS,
  },
  openExecutions: {
    name: 'Maximum open executions per account (Standard; ExecutionLimitExceeded beyond it)',
    value: 1_000_000,
    unit: 'open executions',
    adjustable: true,
    source: SFN_QUOTAS,
  },
  distributedMapConcurrency: {
    name: 'Distributed Map: child workflow executions running in parallel per Map Run',
    value: 10_000,
    unit: 'child executions',
    adjustable: false,
    source: SFN_DISTRIBUTED_MAP,
  },
  lambdaConcurrency: {
    name: 'Lambda concurrent executions per account and Region',
    serviceQuotaName: 'Concurrent executions',
    value: 1_000,
    unit: 'concurrent executions',
    adjustable: true,
    source: LAMBDA_QUOTAS,
  },
  lambdaScaling: {
    name: 'Lambda function scaling rate: 1,000 execution environments every 10 seconds per function',
    value: 1_000,
    unit: 'concurrent executions added per 10 s',
    adjustable: false,
    source: LAMBDA_SCALING,
  },
  lambdaMaxTimeout: {
    name: 'Lambda function timeout (maximum)',
    value: 900,
    unit: 'seconds',
    adjustable: false,
    source: LAMBDA_QUOTAS,
  },
  dynamoNewTableWrites: {
    name: 'DynamoDB on-demand throughput of a new table (writes)',
    value: 4_000,
    unit: 'write request units per second',
    adjustable: true,
    source: DDB_ON_DEMAND,
    note: 'What a new on-demand table serves at once. It then serves up to double its previous peak, growing over about 30 minutes of traffic; warm throughput (set on the table, paid once) starts it higher, up to the table-level limit.',
  },
  dynamoNewTableReads: {
    name: 'DynamoDB on-demand throughput of a new table (reads)',
    value: 12_000,
    unit: 'read request units per second',
    adjustable: true,
    source: DDB_ON_DEMAND,
  },
  dynamoTableWrites: {
    name: 'DynamoDB table-level write throughput limit (on-demand tables too)',
    serviceQuotaName: 'Table-level write throughput limit',
    value: 40_000,
    unit: 'write request units per second',
    adjustable: true,
    source: DDB_QUOTAS,
  },
  dynamoTableReads: {
    name: 'DynamoDB table-level read throughput limit (on-demand tables too)',
    serviceQuotaName: 'Table-level read throughput limit',
    value: 40_000,
    unit: 'read request units per second',
    adjustable: true,
    source: DDB_QUOTAS,
  },
  dynamoPartitionWrites: {
    name: 'DynamoDB per-partition write throughput (one item key stays on one partition)',
    value: 1_000,
    unit: 'write units per second',
    adjustable: false,
    source: DDB_QUOTAS,
  },
} as const satisfies Record<string, Quota>;

export type Quotas = { readonly [K in keyof typeof DEFAULT_QUOTAS]: Quota };

/** One limit and how long the work takes if it is the only limit. */
export interface Constraint {
  readonly id: string;
  /** The quota or setting behind the limit, by its documented name. */
  readonly limit: string;
  readonly serviceQuotaName?: string;
  readonly seconds: number;
  readonly detail: string;
}

export interface PhaseEstimate {
  readonly seconds: number;
  /** The constraint that takes longest; the first listed on a tie. */
  readonly binding: Constraint;
  readonly constraints: readonly Constraint[];
}

/** How fast a DynamoDB table takes traffic at the start of the fan-out. */
export interface TableThroughput {
  /** @default new on-demand table: 4,000 WRU/s (set warm throughput to start higher) */
  readonly writesPerSecondAtStart: number;
  /** @default new on-demand table: 12,000 RRU/s */
  readonly readsPerSecondAtStart: number;
  /** On-demand doubles what it serves at once every this many seconds of sustained traffic. @default 1800 */
  readonly doublingSeconds: number;
}

export const NEW_TABLE: TableThroughput = {
  writesPerSecondAtStart: DEFAULT_QUOTAS.dynamoNewTableWrites.value,
  readsPerSecondAtStart: DEFAULT_QUOTAS.dynamoNewTableReads.value,
  doublingSeconds: 1_800,
};

/** A table with warm throughput set to the default table-level limits before the campaign. */
export const WARM_TABLE: TableThroughput = {
  writesPerSecondAtStart: DEFAULT_QUOTAS.dynamoTableWrites.value,
  readsPerSecondAtStart: DEFAULT_QUOTAS.dynamoTableReads.value,
  doublingSeconds: 1_800,
};

/** One shard task of a send step (functions/send/send.ts), on the busiest table (the state table). */
export interface ShardWork {
  /** @default 500 (SHARD_SIZE) */
  readonly customersPerShard: number;
  /** The conditional claim (frequency cap and idempotency guard); the outbox row goes to its own table. @default 1 */
  readonly writeUnitsPerCustomer: number;
  /** The already-claimed lookup, eventually consistent under 4 KB; profiles are read from the customers table. @default 0.5 */
  readonly readUnitsPerCustomer: number;
  /**
   * The shard's send log (its 500 records in one item: 47 write units with the short ids of the
   * store test, about 64 with longer ones) and its funnel counters (2). @default 66
   */
  readonly writeUnitsPerShard: number;
  /** The shard's members: one item of about 13 KB, read strongly consistent. @default 4 */
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

/** Seconds to spend `requests` tokens from a bucket that starts full and refills at `refillPerSecond`. */
export function tokenBucketSeconds(requests: number, bucket: number, refillPerSecond: number): number {
  return Math.max(0, requests - bucket) / refillPerSecond;
}

/** Seconds to run `items` tasks of `itemSeconds` each, `concurrency` at a time. */
export function wavesSeconds(items: number, concurrency: number, itemSeconds: number): number {
  return Math.ceil(items / concurrency) * itemSeconds;
}

/**
 * Seconds to get through `work` units at a rate that starts at `startRate`, doubles every
 * `doublingSeconds` and never passes `maxRate` (DynamoDB on-demand, Lambda scaling).
 */
export function rampedSeconds(
  work: number,
  startRate: number,
  maxRate: number,
  doublingSeconds: number,
  step: (rate: number) => number = (rate) => rate * 2,
): number {
  if (!(startRate > 0 && maxRate > 0 && doublingSeconds > 0))
    throw new RangeError(
      `expected rates and a doubling time above 0, got ${startRate}, ${maxRate}, ${doublingSeconds}`,
    );
  let left = work;
  let elapsed = 0;
  let rate = Math.min(startRate, maxRate);
  while (left > rate * doublingSeconds && rate < maxRate) {
    left -= rate * doublingSeconds;
    elapsed += doublingSeconds;
    const next = Math.min(step(rate), maxRate);
    if (!(next > rate)) break;
    rate = next;
  }
  return elapsed + left / rate;
}

function phase(constraints: readonly Constraint[]): PhaseEstimate {
  const [first, ...rest] = constraints;
  if (!first) throw new Error('a phase needs at least one constraint');
  const binding = rest.reduce((worst, next) => (next.seconds > worst.seconds ? next : worst), first);
  return { seconds: binding.seconds, binding, constraints };
}

const withQuota = (quota: Quota) => ({
  limit: quota.name,
  ...(quota.serviceQuotaName ? { serviceQuotaName: quota.serviceQuotaName } : {}),
});

export interface CohortSendInput {
  readonly customers: number;
  /** MaxConcurrency of the Map state: the deploy context `maxConcurrency` (infra/app.ts). @default 100 */
  readonly mapMaxConcurrency?: number;
  readonly work?: Partial<ShardWork>;
  readonly table?: TableThroughput;
  readonly quotas?: Quotas;
  /** States the cohort execution itself enters around the Map. @default 4 */
  readonly parentTransitions?: number;
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
  const writeUnits = input.customers * work.writeUnitsPerCustomer + shards * work.writeUnitsPerShard;
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
      seconds: (shards * work.sharedItemWritesPerShard) / quotas.dynamoPartitionWrites.value,
      detail: `${shards * work.sharedItemWritesPerShard} writes to the hottest item (a funnel counter bucket)`,
    },
  ];
  return { ...phase(constraints), shards, shardSeconds: seconds, writeUnits, readUnits };
}

function tableConstraints(args: {
  writeUnits: number;
  readUnits: number;
  table: TableThroughput;
  quotas: Quotas;
}): Constraint[] {
  const { writeUnits, readUnits, table, quotas } = args;
  const writeCap = quotas.dynamoTableWrites.value;
  const readCap = quotas.dynamoTableReads.value;
  const describe = (units: number, unit: string, start: number, cap: number) =>
    `${Math.round(units)} ${unit} on one table, from ${Math.min(start, cap)}/s doubling every ${table.doublingSeconds} s up to ${cap}/s`;
  return [
    {
      id: 'dynamodb-table-writes',
      ...withQuota(
        table.writesPerSecondAtStart < writeCap ? quotas.dynamoNewTableWrites : quotas.dynamoTableWrites,
      ),
      seconds: rampedSeconds(writeUnits, table.writesPerSecondAtStart, writeCap, table.doublingSeconds),
      detail: describe(writeUnits, 'WRU', table.writesPerSecondAtStart, writeCap),
    },
    {
      id: 'dynamodb-table-reads',
      ...withQuota(
        table.readsPerSecondAtStart < readCap ? quotas.dynamoNewTableReads : quotas.dynamoTableReads,
      ),
      seconds: rampedSeconds(readUnits, table.readsPerSecondAtStart, readCap, table.doublingSeconds),
      detail: describe(readUnits, 'RRU', table.readsPerSecondAtStart, readCap),
    },
  ];
}

/** One sequential stage of one audience snapshot segment (functions/snapshot-audience). */
export interface SnapshotStage {
  readonly name: string;
  readonly itemsPerCustomer: number;
  readonly itemsPerRequest: number;
  readonly requestsInFlight: number;
  readonly requestLatencyMs: number;
  readonly writeUnitsPerItem: number;
  readonly readUnitsPerItem: number;
}

/** The stages of `snapshotSegment` in functions/snapshot-audience/snapshot-audience.ts, with the concurrency the code uses. */
export const DEFAULT_SNAPSHOT_STAGES: readonly SnapshotStage[] = [
  {
    name: 'scan profiles (4 scan segments per snapshot segment, 1 MB pages)',
    itemsPerCustomer: 1,
    itemsPerRequest: 1_000,
    requestsInFlight: 4,
    requestLatencyMs: 100,
    writeUnitsPerItem: 0,
    readUnitsPerItem: 0.125,
  },
  {
    name: 'read enrollments (BatchGet 100, 4 in flight)',
    itemsPerCustomer: 1,
    itemsPerRequest: 100,
    requestsInFlight: 4,
    requestLatencyMs: 20,
    writeUnitsPerItem: 0,
    readUnitsPerItem: 0.5,
  },
  {
    name: 'write enrollments (BatchWrite 25, 4 in flight)',
    itemsPerCustomer: 1,
    itemsPerRequest: 25,
    requestsInFlight: 4,
    requestLatencyMs: 20,
    writeUnitsPerItem: 1,
    readUnitsPerItem: 0,
  },
  {
    name: 'write shards (one ~13 KB item and its registry entry per 500 customers, 4 in flight)',
    itemsPerCustomer: 1 / 500,
    itemsPerRequest: 1,
    requestsInFlight: 4,
    requestLatencyMs: 20,
    writeUnitsPerItem: 14,
    readUnitsPerItem: 0,
  },
];

export interface SnapshotInput {
  readonly customers: number;
  /** Customers one segment reads: AUDIENCE_SEGMENT_CUSTOMERS (functions/commons/config.ts). @default 50,000 */
  readonly customersPerSegment?: number;
  /** The deploy context `maxConcurrency`; the snapshot Map runs at most 10 segments at once. @default 100 */
  readonly mapMaxConcurrency?: number;
  readonly stages?: readonly SnapshotStage[];
  readonly table?: TableThroughput;
  readonly quotas?: Quotas;
  /** The snapshot-audience function's timeout (functions/commons/function-sizes.ts). @default 900 */
  readonly functionTimeoutSeconds?: number;
}

export interface SnapshotEstimate extends PhaseEstimate {
  readonly segments: number;
  /** How long one segment's invocation runs: its requests, or its share of the table's starting throughput. */
  readonly segmentSeconds: number;
  readonly functionTimeoutSeconds: number;
  /** Whether each segment's invocation finishes before the function times out. */
  readonly segmentFitsTimeout: boolean;
  /** The most customers one segment can read and enroll before its timeout, at the same rates. */
  readonly maxCustomersPerSegment: number;
}

/** Segments a profile-segment audience is split into: start-cohorts' sizing, for a table whose count is known. */
export function snapshotSegments(customers: number, customersPerSegment: number): number {
  return sizeSnapshot({ approximateCustomers: customers, customersPerSegment, fromPastRun: false });
}

/**
 * The audience snapshot in front of a campaign's first step: a Map over segments, each one
 * snapshot-audience invocation that scans its part of the profiles, enrolls it and writes its
 * shards, stage after stage. Segments run `mapMaxConcurrency` at a time.
 */
export function audienceSnapshot(input: SnapshotInput): SnapshotEstimate {
  const quotas = input.quotas ?? DEFAULT_QUOTAS;
  const table = input.table ?? NEW_TABLE;
  const stages = input.stages ?? DEFAULT_SNAPSHOT_STAGES;
  const timeout = Math.min(input.functionTimeoutSeconds ?? 900, quotas.lambdaMaxTimeout.value);
  if (!(input.customers > 0)) throw new RangeError(`expected customers above 0, got ${input.customers}`);
  const segments = snapshotSegments(input.customers, input.customersPerSegment ?? 50_000);
  const concurrency = Math.min(
    input.mapMaxConcurrency ?? 100,
    SNAPSHOT_MAX_CONCURRENCY,
    quotas.distributedMapConcurrency.value,
    quotas.lambdaConcurrency.value,
  );
  const units = (perItem: (stage: SnapshotStage) => number) =>
    stages.reduce((sum, stage) => sum + stage.itemsPerCustomer * perItem(stage), 0);
  const writeUnitsPerCustomer = units((stage) => stage.writeUnitsPerItem);
  // A segment waits on its requests, and on its share of what the table serves at the start.
  const sharedWritesPerSecond =
    Math.min(table.writesPerSecondAtStart, quotas.dynamoTableWrites.value) / concurrency;
  const requestsPerCustomer = secondsPerCustomer(stages);
  const perCustomer = Math.max(requestsPerCustomer, writeUnitsPerCustomer / sharedWritesPerSecond);
  const customersPerSegment = input.customers / segments;
  const latencySeconds = customersPerSegment * requestsPerCustomer;
  const segmentSeconds = customersPerSegment * perCustomer;
  const estimate = phase([
    {
      id: 'snapshot-segments',
      limit: `MaxConcurrency of the snapshot Map (${SNAPSHOT_MAX_CONCURRENCY}: more segments would only be throttled)`,
      seconds: wavesSeconds(segments, concurrency, latencySeconds),
      detail: `${segments} segments of ${Math.round(latencySeconds)} s of requests (${stages.map((stage) => stage.name).join('; ')}), ${concurrency} at a time`,
    },
    ...tableConstraints({
      writeUnits: input.customers * writeUnitsPerCustomer,
      readUnits: input.customers * units((stage) => stage.readUnitsPerItem),
      table,
      quotas,
    }),
  ]);
  return {
    ...estimate,
    segments,
    segmentSeconds,
    functionTimeoutSeconds: timeout,
    segmentFitsTimeout: segmentSeconds <= timeout,
    maxCustomersPerSegment: Math.floor(timeout / perCustomer),
  };
}

function secondsPerCustomer(stages: readonly SnapshotStage[]): number {
  return stages.reduce(
    (sum, stage) =>
      sum +
      (stage.itemsPerCustomer * stage.requestLatencyMs) /
        1000 /
        (stage.itemsPerRequest * stage.requestsInFlight),
    0,
  );
}

export interface CohortFanOutEstimate {
  readonly customers: number;
  readonly snapshot: SnapshotEstimate;
  readonly send: CohortSendEstimate;
  /** Snapshot, then the send step. */
  readonly seconds: number;
  readonly binding: Constraint;
}

/** A campaign's audience snapshot and its first send step, one after the other. */
export function cohortFanOut(
  input: CohortSendInput & Omit<SnapshotInput, 'customers' | 'quotas' | 'table'>,
): CohortFanOutEstimate {
  const snapshot = audienceSnapshot(input);
  const send = cohortSendFanOut(input);
  return {
    customers: input.customers,
    snapshot,
    send,
    seconds: snapshot.seconds + send.seconds,
    binding: snapshot.seconds >= send.seconds ? snapshot.binding : send.binding,
  };
}

export interface NaiveFanOutInput {
  readonly customers: number;
  /** How long each per-customer execution stays open: until its journey ends (preheat: 8 days). */
  readonly executionOpenSeconds: number;
  /** Transitions each execution makes up to and including its send. @default 2 */
  readonly transitionsToSend?: number;
  /** One Lambda call that sends to one customer. @default 50 */
  readonly lambdaMsPerCustomer?: number;
  /** The claim and the send record, as in the cohort design. @default 2 */
  readonly writeUnitsPerCustomer?: number;
  readonly table?: TableThroughput;
  readonly quotas?: Quotas;
}

/** One Standard execution per customer, each started by StartExecution and sending once. */
export function naiveFanOut(input: NaiveFanOutInput): PhaseEstimate {
  const quotas = input.quotas ?? DEFAULT_QUOTAS;
  const table = input.table ?? NEW_TABLE;
  if (!(input.customers > 0)) throw new RangeError(`expected customers above 0, got ${input.customers}`);
  const transitions = input.customers * (input.transitionsToSend ?? 2);
  const lambdaSeconds = (input.lambdaMsPerCustomer ?? 50) / 1000;
  const waves = Math.ceil(input.customers / quotas.openExecutions.value);
  return phase([
    {
      id: 'start-execution',
      ...withQuota(quotas.startExecutionRefill),
      seconds: tokenBucketSeconds(
        input.customers,
        quotas.startExecutionBucket.value,
        quotas.startExecutionRefill.value,
      ),
      detail: `${input.customers} StartExecution calls, bucket ${quotas.startExecutionBucket.value}, refill ${quotas.startExecutionRefill.value}/s`,
    },
    {
      id: 'open-executions',
      ...withQuota(quotas.openExecutions),
      seconds: (waves - 1) * input.executionOpenSeconds,
      detail: `${waves} waves of at most ${quotas.openExecutions.value} open executions, each open ${input.executionOpenSeconds} s before the next wave can start`,
    },
    stateTransitionConstraint(quotas, transitions, ''),
    {
      id: 'lambda-concurrency',
      ...withQuota(quotas.lambdaConcurrency),
      seconds: (input.customers * lambdaSeconds) / quotas.lambdaConcurrency.value,
      detail: `${input.customers} one-customer calls of ${lambdaSeconds} s, ${quotas.lambdaConcurrency.value} at a time`,
    },
    ...tableConstraints({
      writeUnits: input.customers * (input.writeUnitsPerCustomer ?? 2),
      readUnits: 0,
      table,
      quotas,
    }).filter((constraint) => constraint.id === 'dynamodb-table-writes'),
  ]);
}

/** The state-transition token bucket, which both designs draw on. */
function stateTransitionConstraint(quotas: Quotas, transitions: number, note: string): Constraint {
  return {
    id: 'state-transitions',
    ...withQuota(quotas.stateTransitionRefill),
    seconds: tokenBucketSeconds(
      transitions,
      quotas.stateTransitionBucket.value,
      quotas.stateTransitionRefill.value,
    ),
    detail: `${transitions} transitions${note ? ` ${note}` : ''}, bucket ${quotas.stateTransitionBucket.value}, refill ${quotas.stateTransitionRefill.value}/s`,
  };
}
