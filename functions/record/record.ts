import type { RecordFailureTask, RecordShardTask } from '../../workflows/contracts/execution.ts';
import { type ShardResult, stayedInShard } from '../commons/cohorts/shard-result.ts';
import { activeMembers, setStepCounts } from '../commons/cohorts/shard-task.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';

/** Counts the customers who leave at an exit step or reach the end of the journey. */
export async function recordShard(task: RecordShardTask, deps: RuntimeDeps): Promise<ShardResult> {
  const stepId = task.stepId ?? '$end';
  const members = await activeMembers(deps, task, stepId);
  const counts: Record<string, number> = {
    [task.operation === 'exit' ? 'exited' : 'completed']: members.length,
  };
  await setStepCounts(deps, task, stepId, counts);
  return stayedInShard(counts);
}

/** Records a step that failed after its retries, with the run, so operators see it; a retry records it once. */
export async function recordFailure(task: RecordFailureTask, deps: RuntimeDeps): Promise<ShardResult> {
  const failure = `${task.failure.Error ?? 'Error'}: ${task.failure.Cause ?? ''}`;
  await deps.stores.runs.recordFailure(task.run.journeyId, task.run.runId, task.cohort.id, failure);
  // One execution fails once: its cohort's own row holds its failure.
  await deps.stores.funnel.set(
    {
      journeyId: task.run.journeyId,
      runId: task.run.runId,
      stepId: '$journey',
      variant: 'treated',
      counts: { failed: 1 },
    },
    `${task.cohort.id}/failed`,
  );
  deps.logger.error('journey step failed after retries', {
    journeyId: task.run.journeyId,
    runId: task.run.runId,
    cohortId: task.cohort.id,
    error: task.failure.Error,
  });
  return stayedInShard({ failed: 1 });
}
