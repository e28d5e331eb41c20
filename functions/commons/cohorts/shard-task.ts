import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { RunContext } from '../../../workflows/contracts/execution.ts';
import { matchesProperties } from '../../../workflows/evaluation/condition.ts';
import { durationSeconds } from '../../../workflows/language/duration.ts';
import type { Goal } from '../../../workflows/schema/index.ts';
import type { RuntimeDeps } from '../runtime/runtime-deps.ts';
import type { CohortMember } from '../stores/cohorts.ts';
import type { FunnelCounts, FunnelMetric } from '../stores/funnel.ts';

export interface ShardTaskBase {
  readonly run: RunContext;
  readonly cohortId: string;
  readonly shard: number;
  readonly goal?: Goal;
}

/** Customers of one shard who did an event since the run started (and up to now), from signals. */
export async function customersWhoDid(
  deps: RuntimeDeps,
  task: Pick<ShardTaskBase, 'run' | 'shard'>,
  event: string,
  where: Parameters<typeof matchesProperties>[1] = [],
  until = deps.clock.now(),
): Promise<Map<string, number>> {
  const from = Date.parse(task.run.startedAt);
  const signals = await deps.stores.signals.query(task.run.runId, task.shard, event, from, until);
  const firstAt = new Map<string, number>();
  for (const signal of signals) {
    if (!matchesProperties(signal.properties, where)) continue;
    if (!firstAt.has(signal.customerId)) firstAt.set(signal.customerId, signal.at);
  }
  return firstAt;
}

/**
 * The goal check before every step: members who converted within the goal window leave the
 * shard here and are counted; the rest go on to the step. The shard notes each exit and its step
 * in the removal's own write, and the count is set from those notes: a retry after a crash
 * between the two still counts every exit at this step once.
 */
export async function activeMembers(
  deps: RuntimeDeps,
  task: ShardTaskBase,
  stepId: string,
): Promise<CohortMember[]> {
  const goal = task.goal;
  if (!goal) return deps.stores.cohorts.members(task.cohortId, task.shard);
  const windowEnd = Date.parse(task.run.startedAt) + durationSeconds(goal.within) * 1000;
  // Both reads at once: every step pays for the goal check, so it should not add a round trip.
  const [shard, converted] = await Promise.all([
    deps.stores.cohorts.read(task.cohortId, task.shard),
    customersWhoDid(deps, task, goal.event, goal.where, Math.min(deps.clock.now(), windowEnd)),
  ]);
  const { members } = shard;
  const exitedBefore = [...shard.exited.values()].filter((why) => why === stepId).length;
  const leaving = members
    .filter((member) => converted.has(member.customerId))
    .map((member) => member.customerId);
  if (leaving.length === 0 && exitedBefore === 0) return members;
  if (leaving.length > 0) await deps.stores.cohorts.removeMembers(task.cohortId, task.shard, leaving, stepId);
  await setStepCounts(deps, task, stepId, { converted: exitedBefore + leaving.length }, { part: 'exits' });
  return members.filter((member) => !converted.has(member.customerId));
}

/** The task's key in the funnel: its shard at a step, and `part` when one task writes several rows of a variant. */
export function taskKey(task: ShardTaskBase, part?: string): string {
  return part === undefined ? `${task.cohortId}/${task.shard}` : `${task.cohortId}/${task.shard}/${part}`;
}

/**
 * Counts from one shard, summed before they are written, and set in the task's own row: a retried
 * task replaces what its earlier attempt set, so each customer counts once. The EMF metrics get
 * what the row gained, so a retry that counts the same publishes nothing again.
 */
export async function setStepCounts(
  deps: RuntimeDeps,
  task: ShardTaskBase,
  stepId: string,
  counts: Record<string, number>,
  options: { readonly variant?: string; readonly part?: string } = {},
): Promise<void> {
  const before = await deps.stores.funnel.set(
    {
      journeyId: task.run.journeyId,
      runId: task.run.runId,
      stepId,
      variant: options.variant ?? 'treated',
      counts,
    },
    taskKey(task, options.part),
  );
  publishFunnelMetrics(deps, task.run.journeyId, gained(counts, before));
}

/** What each count gained over the row's earlier counts: what a metric should add. */
export function gained(counts: Record<string, number>, before: FunnelCounts): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts).map(([name, value]) => [name, value - (before[name as FunnelMetric] ?? 0)]),
  );
}

/** The same counts as EMF metrics per journey, for the CloudWatch dashboard. */
export function publishFunnelMetrics(
  deps: RuntimeDeps,
  journeyId: string,
  counts: Record<string, number>,
): void {
  const entries = Object.entries(counts).filter(([, value]) => value > 0);
  if (entries.length === 0) return;
  const metric = deps.metrics.singleMetric();
  metric.addDimension('journey', journeyId);
  for (const [name, value] of entries) metric.addMetric(name, MetricUnit.Count, value);
}
