import {
  NEW_TABLE,
  type PhaseEstimate,
  phase,
  stateTransitionConstraint,
  type TableThroughput,
  tableConstraints,
  tokenBucketSeconds,
  withQuota,
} from './fan-out-constraints.ts';
import { DEFAULT_QUOTAS, type Quotas } from './quotas.ts';

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
