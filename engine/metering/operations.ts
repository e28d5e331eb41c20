import type { LocalExecutions } from '../executions.ts';
import type { DynamoUsage } from './dynamo-usage.ts';
import type { Meter } from './meter.ts';
import type { PayerCounts } from './payers.ts';

/** The AWS operations a run used, counted as it ran. */
export interface OperationCounts {
  standardTransitions: number;
  expressChildren: number;
  expressTransitions: number;
  lambdaInvocations: Record<string, number>;
  dynamo: DynamoUsage;
  /** The same execution counts per journey: where the Step Functions bill goes. */
  byJourney: Record<string, { executions: number; standardTransitions: number; expressChildren: number }>;
  /**
   * Lambda calls and DynamoDB usage by who caused them: each journey (its executions' tasks, its
   * schedule, the ticker's work for it), the events API and the ticker. They add up to the totals.
   */
  byPayer: Record<string, PayerCounts>;
}

export function operationCounts(executions: LocalExecutions, meter: Meter): OperationCounts {
  const totals = { standardTransitions: 0, expressChildren: 0, expressTransitions: 0 };
  const byJourney: OperationCounts['byJourney'] = {};
  for (const execution of executions.list()) {
    totals.standardTransitions += execution.stats?.standardTransitions ?? 0;
    totals.expressChildren += execution.stats?.expressChildren ?? 0;
    totals.expressTransitions += execution.stats?.expressTransitions ?? 0;
    const journey = byJourney[execution.machine] ?? {
      executions: 0,
      standardTransitions: 0,
      expressChildren: 0,
    };
    byJourney[execution.machine] = journey;
    journey.executions += 1;
    journey.standardTransitions += execution.stats?.standardTransitions ?? 0;
    journey.expressChildren += execution.stats?.expressChildren ?? 0;
  }
  return {
    ...totals,
    lambdaInvocations: { ...meter.lambdaInvocations },
    dynamo: meter.usage,
    byJourney,
    byPayer: meter.byPayer(),
  };
}
