import { DEFAULT_QUOTAS, type Quota, type Quotas } from './quotas.ts';

/**
 * The pieces every fan-out estimate is built of: each constraint gives the time the work would
 * take if it were the only limit, and a phase takes as long as its slowest constraint.
 */

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

/** The estimate of a phase: its slowest constraint, named as the binding one. */
export function phase(constraints: readonly Constraint[]): PhaseEstimate {
  const [first, ...rest] = constraints;
  if (!first) throw new Error('a phase needs at least one constraint');
  const binding = rest.reduce((worst, next) => (next.seconds > worst.seconds ? next : worst), first);
  return { seconds: binding.seconds, binding, constraints };
}

/** The fields of a constraint that name its quota. */
export const withQuota = (quota: Quota) => ({
  limit: quota.name,
  ...(quota.serviceQuotaName ? { serviceQuotaName: quota.serviceQuotaName } : {}),
});

/** The write and read throughput of one table, each ramping from its start to the table-level limit. */
export function tableConstraints(args: {
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

/** The state-transition token bucket, which both designs draw on. */
export function stateTransitionConstraint(quotas: Quotas, transitions: number, note: string): Constraint {
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
