import { createHash } from 'node:crypto';
import { profileFacts } from '../../workflows/contracts/customer.ts';
import type { ExecutionInput, RunContext } from '../../workflows/contracts/execution.ts';
import { evaluateCondition } from '../../workflows/evaluation/condition.ts';
import { durationSeconds } from '../../workflows/language/duration.ts';
import type { Journey, PastRunAudience } from '../../workflows/schema/index.ts';
import { minuteBucket, minuteStart } from '../commons/clock.ts';
import { cohortWindowMs, windowReadyAt } from '../commons/cohort-window.ts';
import type { RuntimeDeps } from '../commons/deps.ts';
import { chunks, mapLimit } from '../commons/stores/batch.ts';
import { type CohortMember, SHARD_SIZE } from '../commons/stores/cohorts.ts';
import { hourOf } from '../commons/stores/ledger.ts';
import { type PendingSend, sendPending } from '../send/send.ts';

export interface TickResult {
  readonly cohortsStarted: { journeyId: string; runId: string; size: number }[];
  readonly deferredDelivered: number;
}

/** A run id of a journey at a moment: "cart-nudge-202706111005". */
export function runIdAt(journeyId: string, at: number): string {
  return `${journeyId}-${new Date(at).toISOString().slice(0, 16).replace(/\D/g, '')}`;
}

/**
 * Once a minute: the entries of every event journey's closed cohort windows become one cohort per
 * window and start one execution each (none for an empty window); deferred sends that are due go out.
 */
export async function tick(deps: RuntimeDeps): Promise<TickResult> {
  const now = deps.clock.now();
  const work = await deps.stores.pendingWork.due(minuteBucket(now), hourOf(now));
  const cohortsStarted: TickResult['cohortsStarted'] = [];
  for (const { journeyId, minute, buckets } of work.entries) {
    const journey = deps.catalog.journeys.get(journeyId);
    if (journey && windowReadyAt(minuteStart(minute), cohortWindowMs(journey)) > now) continue;
    const entries = journey ? await deps.stores.enrollments.takeEntries(journeyId, minute, buckets) : [];
    if (journey && entries.length > 0) {
      const startedAt = minuteStart(minute);
      const runId = runIdAt(journey.id, startedAt);
      const size = await startCohort(journey, runId, startedAt, entries, 'event', deps);
      cohortsStarted.push({ journeyId: journey.id, runId, size });
    }
    await deps.stores.pendingWork.finishEntries(journeyId, minute);
  }
  return { cohortsStarted, deferredDelivered: await deliverDeferred(work.deferredHours, deps) };
}

/** A schedule fired: snapshot the audience into a cohort and start the run (once per scheduled time). */
export async function startScheduledRun(
  journeyId: string,
  scheduledAt: number,
  deps: RuntimeDeps,
): Promise<{ runId: string; size: number }> {
  const journey = deps.catalog.journeys.get(journeyId);
  if (journey?.trigger.kind !== 'schedule') throw new Error(`journey ${journeyId} has no schedule trigger`);
  const runId = runIdAt(journey.id, scheduledAt);
  const audience = await snapshotAudience(journey, runId, deps);
  const size = await startCohort(
    journey,
    runId,
    scheduledAt,
    audience.map((customerId) => ({ customerId, enteredAt: scheduledAt })),
    'schedule',
    deps,
  );
  return { runId, size };
}

async function startCohort(
  journey: Journey,
  runId: string,
  startedAt: number,
  entries: readonly CohortMember[],
  trigger: 'event' | 'schedule',
  deps: RuntimeDeps,
): Promise<number> {
  const cohortId = runId;
  const shards = chunks(entries, SHARD_SIZE).map((members, shard) => ({ members, shard }));
  await Promise.all([
    mapLimit(shards, 4, ({ members, shard }) => deps.stores.cohorts.writeShard(cohortId, shard, members)),
    deps.stores.runs.create({
      journeyId: journey.id,
      runId,
      journeyVersion: journey.version,
      startedAt,
      trigger,
    }),
  ]);
  const run: RunContext = {
    journeyId: journey.id,
    journeyVersion: journey.version,
    runId,
    startedAt: new Date(startedAt).toISOString(),
  };
  // Entries and audiences hold each customer once, so the cohort is what was just written.
  const cohort = { id: cohortId, shards: shards.map(({ shard }) => shard), size: entries.length };
  const input: ExecutionInput = { run, cohort };
  await deps.executions.start(journey.id, cohortId, input);
  deps.metrics.addMetric('CohortsStarted', 'Count', 1);
  return input.cohort.size;
}

/** The audience, in a stable order: a segment over profiles, customers of a past run, or both. */
async function snapshotAudience(journey: Journey, runId: string, deps: RuntimeDeps): Promise<string[]> {
  if (journey.trigger.kind !== 'schedule') return [];
  const { segment, from_run: fromRun } = journey.trigger.audience;
  const now = deps.clock.now();
  const fromPastRun = fromRun ? new Set(await pastRunCustomers(fromRun, deps)) : undefined;
  const chosen: string[] = [];
  if (segment) {
    await deps.stores.customers.scanAll(async (profiles) => {
      for (const profile of profiles) {
        if (fromPastRun && !fromPastRun.has(profile.customerId)) continue;
        if (
          evaluateCondition(segment, { profile: profileFacts(profile), events: [] }, { now, enteredAt: now })
        )
          chosen.push(profile.customerId);
      }
    });
  } else {
    chosen.push(...(fromPastRun ?? []));
  }
  const reentry = journey.entry.reentry;
  const cooldown = reentry === 'never' ? 'never' : durationSeconds(reentry.after) * 1000;
  const eligible = await deps.stores.enrollments.enrollAudience(chosen, journey.id, runId, now, cooldown);
  return eligible.sort(byStableHash);
}

/** Customers reached by a past run, less those who did `without_event` since (tracked per run). */
async function pastRunCustomers(fromRun: PastRunAudience, deps: RuntimeDeps): Promise<string[]> {
  const runs = await deps.stores.runs.runs(fromRun.journey);
  const run =
    fromRun.run === 'latest'
      ? runs.sort((a, b) => b.startedAt - a.startedAt)[0]
      : runs.find((candidate) => candidate.runId === fromRun.run);
  if (!run) return [];
  const reached = await deps.stores.ledger.reachedCustomers(fromRun.journey, run.runId);
  if (!fromRun.without_event) return reached;
  const mark =
    fromRun.without_event === 'purchase'
      ? 'orderAt'
      : fromRun.without_event === 'add_to_cart'
        ? 'addToCartAt'
        : undefined;
  if (mark) {
    const marks = await deps.stores.customers.marksOf(fromRun.journey, run.runId, reached);
    return reached.filter((customerId) => marks.get(customerId)?.[mark] === undefined);
  }
  const kept = await mapLimit(reached, 16, async (customerId) => {
    const events = await deps.stores.events.timeline(customerId, run.startedAt, deps.clock.now());
    return events.some((event) => event.name === fromRun.without_event) ? undefined : customerId;
  });
  return kept.filter((customerId): customerId is string => customerId !== undefined);
}

/** Spreads customers over shards evenly whatever their ids look like. */
function byStableHash(a: string, b: string): number {
  const hash = (id: string) => createHash('sha1').update(id).digest('hex');
  return hash(a).localeCompare(hash(b));
}

async function deliverDeferred(hours: readonly string[], deps: RuntimeDeps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.stores.ledger.dueDeferred(hours, now);
  // Counted per (run, step), like the shard that deferred them.
  const byStep = new Map<string, PendingSend[]>();
  for (const deferred of due) {
    const send = deferred.payload as unknown as PendingSend;
    const key = `${send.journeyId}\u0000${send.runId}\u0000${send.step.id}`;
    byStep.set(key, [...(byStep.get(key) ?? []), send]);
  }
  for (const sends of byStep.values()) {
    const [first] = sends;
    if (!first) continue;
    const counts = await sendPending(sends, deps, { deferQuiet: false });
    await deps.stores.funnel.add(
      { journeyId: first.journeyId, runId: first.runId, stepId: first.step.id, variant: 'treated', counts },
      first.customerId,
    );
  }
  await deps.stores.ledger.finishDeferred(due);
  // A past hour has nothing left to come due; the current one may still get more.
  for (const hour of hours) if (hour < hourOf(now)) await deps.stores.pendingWork.finishDeferred(hour);
  return due.length;
}
