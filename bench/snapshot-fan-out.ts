import { FUNCTION_TIMEOUT_SECONDS, functionOfRole } from '../functions/function-table.ts';
import { snapshotSegments as sizeSnapshot } from '../functions/start-cohorts/snapshot-sizing.ts';
import { SNAPSHOT_MAX_CONCURRENCY } from '../workflows/compiler/snapshot-states.ts';
import {
  NEW_TABLE,
  type PhaseEstimate,
  phase,
  type TableThroughput,
  tableConstraints,
  wavesSeconds,
} from './fan-out-constraints.ts';
import { DEFAULT_QUOTAS, type Quotas } from './quotas.ts';

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
    // A key not found costs a read too: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
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
    name: 'write shards (one ~13 KB item, its registry entry and its cohort index entry per 500 customers, 4 in flight)',
    itemsPerCustomer: 1 / 500,
    itemsPerRequest: 1,
    requestsInFlight: 4,
    requestLatencyMs: 20,
    writeUnitsPerItem: 15,
    readUnitsPerItem: 0,
  },
];

export interface SnapshotInput {
  readonly customers: number;
  /** Customers one segment reads: AUDIENCE_SEGMENT_CUSTOMERS (functions/commons/runtime/config.ts). @default 50,000 */
  readonly customersPerSegment?: number;
  /** The deploy context `maxConcurrency`; the snapshot Map runs at most 10 segments at once. @default 100 */
  readonly mapMaxConcurrency?: number;
  readonly stages?: readonly SnapshotStage[];
  readonly table?: TableThroughput;
  readonly quotas?: Quotas;
  /** The snapshot function's timeout. @default its timeout in functions/function-table.ts */
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
  const timeout = Math.min(
    input.functionTimeoutSeconds ?? FUNCTION_TIMEOUT_SECONDS[functionOfRole('Snapshot')],
    quotas.lambdaMaxTimeout.value,
  );
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
