/**
 * AWS default quotas (us-east-1) that the fan-out model divides the work by. This is the only
 * place quotas are written down.
 *
 * Each entry names the documentation page it comes from. They were not fetched by a program:
 * they are the defaults as commonly documented. Verify them on those pages before relying on a
 * number derived from them.
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
