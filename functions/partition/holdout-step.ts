import type { PartitionShardTask } from '../../workflows/contracts/execution.ts';
import { isHeldOutAtStep } from '../../workflows/evaluation/assignment.ts';
import { type ShardResult, stayedInShard } from '../commons/cohorts/shard-result.ts';
import { activeMembers, gained, publishFunnelMetrics } from '../commons/cohorts/shard-task.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { allOrFirstError } from '../commons/util/concurrency.ts';

/** Why a customer left their shard at a holdout step: noted per step, so a retry recounts them. */
export const holdoutStepExit = (stepId: string) => `$holdout:${stepId}`;

/**
 * A holdout step: the share of the shard that a stable hash of (journey, step, customer) holds out
 * leaves the shard, and the rest go on. Both groups are recorded with the moment they passed, so
 * their later orders count at this step; the step's funnel rows count both, as the journey's
 * holdout counts its entrants.
 */
export async function holdOutAtStep(
  task: Extract<PartitionShardTask, { operation: 'holdout' }>,
  deps: RuntimeDeps,
): Promise<ShardResult> {
  const step = task.step;
  if (step.kind !== 'holdout') throw new Error(`a holdout partition got a ${step.kind} step`);
  const journeyId = task.run.journeyId;
  const members = await activeMembers(deps, task, step.id);
  const heldOut = members.filter((member) =>
    isHeldOutAtStep(journeyId, step.id, member.customerId, step.percent),
  );
  const held = new Set(heldOut);
  const goingOn = members.filter((member) => !held.has(member));
  const now = deps.clock.now();
  const passed = (group: typeof members) =>
    Object.fromEntries(group.map((member) => [member.customerId, now]));
  // Recorded before the held out leave the shard: a retry that no longer finds them keeps their passage.
  await deps.stores.holdoutPassages.record(
    { runId: task.run.runId, stepId: step.id, shard: task.shard, cohortId: task.cohortId },
    { holdout: passed(heldOut), treated: passed(goingOn) },
    now,
  );
  const why = holdoutStepExit(step.id);
  await deps.stores.cohorts.removeMembers(
    task.cohortId,
    task.shard,
    heldOut.map((member) => member.customerId),
    why,
  );
  const { exited } = await deps.stores.cohorts.read(task.cohortId, task.shard);
  const heldCount = [...exited.values()].filter((reason) => reason === why).length;
  const row = (variant: string, counts: Record<string, number>) =>
    deps.stores.funnel.set(
      { journeyId, runId: task.run.runId, stepId: step.id, variant, counts },
      `${task.cohortId}/${task.shard}`,
    );
  // Set, not added: a retried shard counts each customer once, the held out from the shard's exits.
  const holdoutCounts = { entered: heldCount, heldOut: heldCount };
  let before = {};
  await allOrFirstError([
    row('treated', { entered: goingOn.length }),
    row('holdout', holdoutCounts).then((previous) => {
      before = previous;
    }),
  ]);
  // What the row gained: a retried shard publishes nobody held out twice.
  publishFunnelMetrics(deps, journeyId, { heldOut: gained(holdoutCounts, before).heldOut ?? 0 });
  return stayedInShard({ treated: goingOn.length, heldOut: heldCount });
}
