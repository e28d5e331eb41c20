import { profileFacts } from '../../workflows/contracts/customer.ts';
import { eventLabel, type PartitionShardTask, subCohortId } from '../../workflows/contracts/execution.ts';
import { assignVariant, isHeldOut, splitAssignments } from '../../workflows/evaluation/assignment.ts';
import { type CustomerEvent, evaluateCondition } from '../../workflows/evaluation/condition.ts';
import { watchedEvents } from '../../workflows/evaluation/watched-events.ts';
import type { BranchStep, Condition, Journey, WaitForStep } from '../../workflows/schema/index.ts';
import { runMembership } from '../commons/cohorts/run-membership.ts';
import { type ShardResult, stayedInShard } from '../commons/cohorts/shard-result.ts';
import {
  activeMembers,
  customersWhoDid,
  gained,
  publishFunnelMetrics,
  setStepCounts,
} from '../commons/cohorts/shard-task.ts';
import { feedSinceEntry } from '../commons/cohorts/since-entry-feed.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { type CohortMember, EXCLUDED_EXIT, HOLDOUT_EXIT } from '../commons/stores/cohorts.ts';
import { allOrFirstError } from '../commons/util/concurrency.ts';
import { holdOutAtStep } from './holdout-step.ts';
import { uncountRefused } from './refused-entries.ts';

/** Splits one shard: holdout at entry, branch cases, split variants, wait_for movers, or a holdout step. */
export async function partitionShard(task: PartitionShardTask, deps: RuntimeDeps): Promise<ShardResult> {
  switch (task.operation) {
    case 'enter':
      return enter(task, deps);
    case 'branch':
    case 'split':
      return divide(task, deps);
    case 'wait_for_check':
      return moveWhoDid(task, deps);
    case 'holdout':
      return holdOutAtStep(task, deps);
  }
}

async function enter(
  task: Extract<PartitionShardTask, { operation: 'enter' }>,
  deps: RuntimeDeps,
): Promise<ShardResult> {
  const shard = await deps.stores.cohorts.read(task.cohortId, task.shard);
  const { exited } = shard;
  const journey = deps.catalog.journeys.get(task.run.journeyId);
  const excluded = await excludedAtEntry(journey?.entry.only, shard.members, deps);
  // Those the entry condition turns away leave first, noted as such, and never count as entered
  // (nor toward max_entries).
  await uncountRefused(
    journey,
    shard.members.filter((member) => excluded.includes(member.customerId)),
    deps,
  );
  await deps.stores.cohorts.removeMembers(task.cohortId, task.shard, excluded, EXCLUDED_EXIT);
  const members = shard.members.filter((member) => !excluded.includes(member.customerId));
  const heldOut = members.filter((member) => isHeldOut(task.run.journeyId, member.customerId, task.holdout));
  // A scheduled journey's snapshot wrote its memberships with the enrollments.
  if (journey?.trigger.kind === 'event') {
    const memberships = members.map((member) => runMembership(journey, task.run, member, task.shard));
    await deps.stores.enrollments.putMemberships(memberships);
    await feedSinceEntry(memberships, deps, `${task.cohortId}/${task.shard}/since-entry`);
  }
  // The held out leave the shard noted as such: a retry after the removal still counts them.
  await deps.stores.cohorts.removeMembers(
    task.cohortId,
    task.shard,
    heldOut.map((member) => member.customerId),
    HOLDOUT_EXIT,
  );
  const treated = members.length - heldOut.length;
  const held = heldOut.length + [...exited.values()].filter((why) => why === HOLDOUT_EXIT).length;
  const turnedAway = excluded.length + [...exited.values()].filter((why) => why === EXCLUDED_EXIT).length;
  const treatedMembers = members.filter((member) => !heldOut.includes(member));
  await allOrFirstError([
    setEntryCounts(deps, task, { entered: treated, excluded: turnedAway }, 'treated'),
    setEntryCounts(deps, task, { entered: held, heldOut: held }, 'holdout'),
    ...assignedCounts(journey, treatedMembers).map(({ stepId, variant, assigned }) =>
      setEntryCounts(deps, task, { assigned }, variant, stepId),
    ),
  ]);
  // Held-out customers leave the cohort but join no sub-cohort.
  return stayedInShard({ entered: treated + held, heldOut: held });
}

/** The members whose profile, as it is when the cohort starts, fails the journey's entry condition. */
async function excludedAtEntry(
  only: Condition | undefined,
  members: readonly CohortMember[],
  deps: RuntimeDeps,
): Promise<string[]> {
  if (!only || members.length === 0) return [];
  const ids = members.map((member) => member.customerId);
  const profiles = await deps.stores.customers.getMany(ids);
  const now = deps.clock.now();
  return ids.filter((customerId) => {
    const profile = profiles.get(customerId);
    const facts = { profile: profile ? profileFacts(profile) : {}, events: [] };
    return !profile || !evaluateCondition(only, facts, { now, enteredAt: now });
  });
}

/** A shard's entry counts, set (not added) so that a retried entry counts each customer once. */
async function setEntryCounts(
  deps: RuntimeDeps,
  task: Extract<PartitionShardTask, { operation: 'enter' }>,
  counts: Record<string, number>,
  variant: string,
  stepId = '$journey',
): Promise<void> {
  if (Object.values(counts).every((count) => count === 0)) return;
  // A split's own task sets its row under the same cohort and shard: the assignments keep a row apart.
  const part = stepId === '$journey' ? '' : '/assigned';
  const before = await deps.stores.funnel.set(
    { journeyId: task.run.journeyId, runId: task.run.runId, stepId, variant, counts },
    `${task.cohortId}/${task.shard}${part}`,
  );
  // What the row gained: a retried entry publishes nobody entered twice.
  if (stepId === '$journey') publishFunnelMetrics(deps, task.run.journeyId, gained(counts, before));
}

/**
 * The treated members' variant at each split step, counted at entry: the denominators of the
 * variants' orders, which are attributed by the same assignment (intention to treat).
 */
function assignedCounts(
  journey: Journey | undefined,
  treated: readonly CohortMember[],
): { stepId: string; variant: string; assigned: number }[] {
  if (!journey) return [];
  const counts = new Map<string, { stepId: string; variant: string; assigned: number }>();
  for (const member of treated)
    for (const { stepId, variant } of splitAssignments(journey, member.customerId)) {
      const key = `${stepId}\u0000${variant}`;
      const known = counts.get(key) ?? { stepId, variant, assigned: 0 };
      known.assigned += 1;
      counts.set(key, known);
    }
  return [...counts.values()];
}

async function divide(
  task: Extract<PartitionShardTask, { operation: 'branch' | 'split' }>,
  deps: RuntimeDeps,
): Promise<ShardResult> {
  const step = task.step;
  const members = await activeMembers(deps, task, step.id);
  let label: (member: CohortMember) => string;
  if (step.kind === 'split') {
    label = (member) => assignVariant(task.run.journeyId, step.id, member.customerId, step.variants).name;
  } else if (step.kind === 'branch') {
    label = await branchLabeller(step, task, members, deps);
  } else {
    throw new Error(`a ${task.operation} partition got a ${step.kind} step`);
  }
  const groups = new Map<string, CohortMember[]>();
  for (const member of members) {
    const name = label(member);
    const group = groups.get(name);
    if (group) group.push(member);
    else groups.set(name, [member]);
  }
  for (const [name, group] of groups) {
    await deps.stores.cohorts.writeShard(
      subCohortId(task.cohortId, step.id, name, task.run.runId),
      task.shard,
      group,
    );
    await setStepCounts(deps, task, step.id, { entered: group.length }, { variant: name });
  }
  return {
    counts: Object.fromEntries([...groups].map(([name, group]) => [name, group.length])),
    moved: members.length > 0,
  };
}

async function branchLabeller(
  step: BranchStep,
  task: Extract<PartitionShardTask, { operation: 'branch' | 'split' }>,
  members: readonly CohortMember[],
  deps: RuntimeDeps,
): Promise<(member: CohortMember) => string> {
  const now = deps.clock.now();
  const profiles = await deps.stores.customers.getMany(members.map((member) => member.customerId));
  const journey = deps.catalog.journeys.get(task.run.journeyId);
  const watched = journey ? watchedEvents(journey) : new Set<string>();
  // Events since entry come from the shard's signals: one query per event, not per customer.
  const eventsByCustomer = new Map<string, CustomerEvent[]>();
  for (const event of watched) {
    const signals = await deps.stores.signals.query(
      task.run.runId,
      task.shard,
      event,
      Date.parse(task.run.startedAt),
      now,
    );
    for (const signal of signals) {
      const list = eventsByCustomer.get(signal.customerId) ?? [];
      list.push({ name: signal.event, at: signal.at, properties: signal.properties });
      eventsByCustomer.set(signal.customerId, list);
    }
  }
  return (member) => {
    const profile = profiles.get(member.customerId);
    const facts = {
      profile: profile ? profileFacts(profile) : {},
      events: eventsByCustomer.get(member.customerId) ?? [],
    };
    const index = step.cases.findIndex((branchCase) =>
      evaluateCondition(branchCase.when, facts, { now, enteredAt: Date.parse(task.run.startedAt) }),
    );
    return index === -1 ? 'default' : `case-${index}`;
  };
}

async function moveWhoDid(
  task: Extract<PartitionShardTask, { operation: 'wait_for_check' }>,
  deps: RuntimeDeps,
): Promise<ShardResult> {
  const step = task.step;
  if (step.kind !== 'wait_for') throw new Error(`a wait_for check got a ${step.kind} step`);
  // Without a goal, a check at which nobody did the event changes nothing: it need not read the
  // members. Most checks are such checks.
  if (!task.goal) {
    const did = await customersWhoDid(deps, task, step.event, step.where);
    if (did.size === 0) return stayedInShard({ moved: 0 });
    return moveMembers(task, step, await activeMembers(deps, task, step.id), did, deps);
  }
  const [members, did] = await Promise.all([
    activeMembers(deps, task, step.id),
    customersWhoDid(deps, task, step.event, step.where),
  ]);
  return moveMembers(task, step, members, did, deps);
}

async function moveMembers(
  task: Extract<PartitionShardTask, { operation: 'wait_for_check' }>,
  step: WaitForStep,
  members: readonly CohortMember[],
  did: ReadonlyMap<string, number>,
  deps: RuntimeDeps,
): Promise<ShardResult> {
  const movers = members.filter((member) => did.has(member.customerId));
  const sub = subCohortId(task.cohortId, step.id, eventLabel(task.check), task.run.runId);
  // Added, not set: a retry after a partial removal finds only the movers still in the parent.
  // The sub-shard then holds every mover of this check, whichever attempt moved them: the count.
  const inSub =
    movers.length > 0
      ? await deps.stores.cohorts.addToShard(sub, task.shard, movers)
      : did.size > 0
        ? (await deps.stores.cohorts.members(sub, task.shard)).length
        : 0;
  if (movers.length > 0)
    await deps.stores.cohorts.removeMembers(
      task.cohortId,
      task.shard,
      movers.map((member) => member.customerId),
    );
  if (inSub > 0)
    await setStepCounts(
      deps,
      task,
      step.id,
      { entered: inSub },
      { variant: 'event', part: eventLabel(task.check) },
    );
  // A retry of a check whose first attempt moved its customers and then failed finds nobody left
  // to move: the sub-cohort of this check tells whether the fork still has to start it.
  const movedBefore = movers.length === 0 && inSub > 0;
  return {
    counts: { moved: movers.length, waiting: members.length - movers.length },
    moved: movers.length > 0 || movedBefore,
  };
}
