import type { StepShardTask } from '../../workflows/contracts/execution.ts';
import { type ShardResult, stayedInShard } from '../commons/cohorts/shard-result.ts';
import { activeMembers, setStepCounts } from '../commons/cohorts/shard-task.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';

/** Grants the step's offer to each customer of the shard; once per customer ever when the step says so. */
export async function grantShard(task: StepShardTask, deps: RuntimeDeps): Promise<ShardResult> {
  const step = task.step;
  if (step.kind !== 'grant') throw new Error(`the grant function got a ${step.kind} step`);
  const offer = deps.catalog.offers.get(step.offer);
  if (!offer) throw new Error(`offer ${step.offer} is not in the deployed catalog`);
  const members = await activeMembers(deps, task, step.id);
  const customerIds = [...new Set(members.map((member) => member.customerId))];
  // The store tells what this task granted in any attempt, so a retry counts its first attempt's grants.
  const { granted } = await deps.stores.ledger.grant(
    {
      offerId: step.offer,
      once: step.once_per_customer,
      runId: task.run.runId,
      stepId: step.id,
      shard: task.shard,
      task: task.cohortId,
    },
    customerIds,
    deps.clock.now(),
  );
  const counts: Record<string, number> = {
    granted: granted.size,
    alreadyGranted: customerIds.filter((customerId) => !granted.has(customerId)).length,
  };
  // Points cost when credited; coupons cost when redeemed (counted from coupon_redeemed events).
  if (offer.kind === 'points') counts.offerCost = granted.size * offer.points * offer.point_value;
  await setStepCounts(deps, task, step.id, counts);
  return stayedInShard(counts);
}
