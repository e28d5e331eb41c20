import type { StepShardTask } from '../../workflows/contracts/execution.ts';
import type { RuntimeDeps } from '../commons/deps.ts';
import { activeMembers, addStepCounts } from '../commons/shard.ts';
import { mapLimit } from '../commons/stores/batch.ts';

/** Grants the step's offer to each customer of the shard; once per customer ever when the step says so. */
export async function grantShard(
  task: StepShardTask,
  deps: RuntimeDeps,
): Promise<{ counts: Record<string, number> }> {
  const step = task.step;
  if (step.kind !== 'grant') throw new Error(`the grant function got a ${step.kind} step`);
  const offer = deps.catalog.offers.get(step.offer);
  if (!offer) throw new Error(`offer ${step.offer} is not in the deployed catalog`);
  const members = await activeMembers(deps, task, step.id);
  const now = deps.clock.now();
  const granted = await mapLimit(members, 16, (member) =>
    deps.stores.ledger.claimGrant(
      step.once_per_customer
        ? { offerId: step.offer, once: true }
        : { runId: task.run.runId, stepId: step.id, once: false },
      member.customerId,
      now,
    ),
  );
  const grantedCount = granted.filter(Boolean).length;
  const counts: Record<string, number> = {
    granted: grantedCount,
    alreadyGranted: granted.length - grantedCount,
  };
  // Points cost when credited; coupons cost when redeemed (counted from coupon_redeemed events).
  if (offer.kind === 'points') counts.offerCost = grantedCount * offer.points * offer.point_value;
  await addStepCounts(deps, task, step.id, counts);
  return { counts };
}
