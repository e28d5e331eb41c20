import type { StepShardTask } from '../../workflows/contracts/execution.ts';
import { tierOf } from '../../workflows/evaluation/tier.ts';
import { type ShardResult, stayedInShard } from '../commons/cohorts/shard-result.ts';
import { activeMembers, setStepCounts } from '../commons/cohorts/shard-task.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { mapLimit } from '../commons/util/concurrency.ts';

/** Sets attributes and tags on each customer of the shard. Setting the same values twice is harmless. */
export async function updateShard(task: StepShardTask, deps: RuntimeDeps): Promise<ShardResult> {
  const step = task.step;
  if (step.kind !== 'update') throw new Error(`the update function got a ${step.kind} step`);
  const members = await activeMembers(deps, task, step.id);
  await mapLimit(members, 16, (member) =>
    deps.stores.customers.update(member.customerId, (profile) => {
      if (!profile) return undefined;
      const tags = new Set(profile.tags);
      for (const tag of step.add_tags ?? []) tags.add(tag);
      for (const tag of step.remove_tags ?? []) tags.delete(tag);
      const next = { ...profile, attributes: { ...profile.attributes, ...step.set }, tags: [...tags].sort() };
      return { ...next, tier: tierOf(next) };
    }),
  );
  const counts = { updated: members.length };
  await setStepCounts(deps, task, step.id, counts);
  return stayedInShard(counts);
}
