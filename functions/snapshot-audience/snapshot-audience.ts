import { createHash } from 'node:crypto';
import { type CustomerProfile, profileFacts } from '../../workflows/contracts/customer.ts';
import type {
  SnapshotResult,
  SnapshotSegmentResult,
  SnapshotSegmentTask,
  SnapshotTask,
} from '../../workflows/contracts/execution.ts';
import { evaluateCondition } from '../../workflows/evaluation/condition.ts';
import { durationSeconds } from '../../workflows/language/duration.ts';
import type { Audience, Condition, PastRunAudience } from '../../workflows/schema/index.ts';
import { runMembership } from '../commons/cohorts/run-membership.ts';
import { chunks } from '../commons/dynamo/batch.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { SHARD_SIZE } from '../commons/stores/cohorts.ts';
import type { AdmittedAudience } from '../commons/stores/enrollments.ts';
import { mapLimit } from '../commons/util/concurrency.ts';

/**
 * The first states of a scheduled run: each Map item snapshots one segment of the audience into
 * the run's cohort, then one call describes the cohort the journey goes on with.
 */
export async function snapshotAudience(task: SnapshotTask, deps: RuntimeDeps): Promise<SnapshotResult> {
  if (task.operation === 'describe') return deps.stores.cohorts.describe(task.cohortId);
  return snapshotSegment(task, deps);
}

/**
 * One segment: the customers of its part of the audience whom the re-entry rule lets in, enrolled
 * and written to shards `j * segments + segment`, so segments never share a shard. With one
 * segment, shard j holds the j-th 500 of the audience in stable-hash order.
 */
async function snapshotSegment(task: SnapshotSegmentTask, deps: RuntimeDeps): Promise<SnapshotSegmentResult> {
  const journey = deps.catalog.journeys.get(task.run.journeyId);
  if (journey?.trigger.kind !== 'schedule')
    throw new Error(`journey ${task.run.journeyId} has no schedule trigger, so no audience to snapshot`);
  const chosen = await chooseCustomers(journey.trigger.audience, task, deps);
  const reentry = journey.entry.reentry;
  const cooldown = reentry === 'never' ? 'never' : durationSeconds(reentry.after) * 1000;
  // The cooldown runs between runs' scheduled times: the Lambda's own clock lags each by the
  // Scheduler's jitter, which would make a "1d" refresh miss a "1d" re-entry by seconds.
  const enteredAt = Date.parse(task.run.startedAt);
  const admitted = withinMaxEntries(
    await deps.stores.enrollments.admitAudience(chosen, journey.id, task.run.runId, enteredAt, cooldown),
    journey.entry.max_entries,
  );
  const eligible = admitted.eligible;
  const shards = chunks(inStableHashOrder(eligible), SHARD_SIZE);
  const numbered = shards.map((customerIds, index) => ({
    shard: index * task.segments + task.segment,
    members: customerIds.map((customerId) => ({ customerId, enteredAt })),
  }));
  // Enrolled with their run memberships before the shards exist: a retry finds them again.
  await deps.stores.enrollments.enrollAudience(
    admitted,
    numbered.flatMap(({ shard, members }) =>
      members.map((member) => runMembership(journey, task.run, member, shard)),
    ),
    enteredAt,
  );
  await mapLimit(numbered, 4, ({ shard, members }) =>
    deps.stores.cohorts.writeShard(task.cohortId, shard, members),
  );
  // A retry after profiles changed may need fewer shards: an earlier attempt's extra ones go.
  const written = new Set(numbered.map(({ shard }) => shard));
  const stale = (await deps.stores.cohorts.describe(task.cohortId)).shards.filter(
    (shard) => shard % task.segments === task.segment && !written.has(shard),
  );
  await mapLimit(stale, 4, (shard) => deps.stores.cohorts.writeShard(task.cohortId, shard, []));
  return { customers: eligible.length, shards: shards.length };
}

/**
 * The admitted customers less those who entered the journey `maxEntries` times already (a retry
 * of the run that admitted them keeps them).
 */
function withinMaxEntries(admitted: AdmittedAudience, maxEntries: number | undefined): AdmittedAudience {
  if (maxEntries === undefined) return admitted;
  const eligible = admitted.eligible.filter((customerId) => {
    const before = admitted.previous.get(customerId);
    return !before || before.lastRunId === admitted.runId || (before.entries ?? 1) < maxEntries;
  });
  return { ...admitted, eligible };
}

/** This segment's part of the audience: a segment over profiles, customers of a past run, or both. */
async function chooseCustomers(
  audience: Audience,
  task: SnapshotSegmentTask,
  deps: RuntimeDeps,
): Promise<string[]> {
  const { segment: condition, from_run: fromRun } = audience;
  const matches = inSegment(condition, deps.clock.now());
  if (!fromRun) {
    const chosen: string[] = [];
    await deps.stores.customers.scanSegment(task.segment, task.segments, async (profiles) => {
      for (const profile of profiles) if (matches(profile)) chosen.push(profile.customerId);
    });
    return chosen;
  }
  if (task.pastRunId === null) return [];
  const pastRun = await pastRunCustomers(fromRun, task.pastRunId, task, deps);
  if (!condition) return pastRun;
  const profiles = await deps.stores.customers.getMany(pastRun);
  return pastRun.filter((customerId) => {
    const profile = profiles.get(customerId);
    return profile !== undefined && matches(profile);
  });
}

/** Whether a profile is in the audience's segment (everyone, without one), judged at `now`. */
function inSegment(condition: Condition | undefined, now: number) {
  return (profile: CustomerProfile): boolean =>
    !condition ||
    evaluateCondition(condition, { profile: profileFacts(profile), events: [] }, { now, enteredAt: now });
}

/** This segment's customers reached by the past run, less those who did `without_event` since. */
async function pastRunCustomers(
  fromRun: PastRunAudience,
  runId: string,
  task: SnapshotSegmentTask,
  deps: RuntimeDeps,
): Promise<string[]> {
  const reached = await deps.stores.ledger.reachedCustomers(fromRun.journey, runId, {
    index: task.segment,
    of: task.segments,
  });
  if (!fromRun.without_event) return reached;
  const mark =
    fromRun.without_event === 'purchase'
      ? 'orderAt'
      : fromRun.without_event === 'add_to_cart'
        ? 'addToCartAt'
        : undefined;
  if (mark) {
    const marks = await deps.stores.customers.marksOf(fromRun.journey, runId, reached);
    return reached.filter((customerId) => marks.get(customerId)?.[mark] === undefined);
  }
  const run = (await deps.stores.runs.runs(fromRun.journey)).find((candidate) => candidate.runId === runId);
  const since = run?.startedAt ?? 0;
  const kept = await mapLimit(reached, 16, async (customerId) => {
    const events = await deps.stores.events.timeline(customerId, since, deps.clock.now());
    return events.some((event) => event.name === fromRun.without_event) ? undefined : customerId;
  });
  return kept.filter((customerId): customerId is string => customerId !== undefined);
}

/** Spreads customers over shards evenly whatever their ids look like (one hash per id). */
function inStableHashOrder(customerIds: readonly string[]): string[] {
  return customerIds
    .map((customerId) => ({ customerId, hash: createHash('sha1').update(customerId).digest('hex') }))
    .sort((a, b) => a.hash.localeCompare(b.hash))
    .map(({ customerId }) => customerId);
}
