import type { ExecutionInput, RunContext } from '../../workflows/contracts/execution.ts';
import type { Journey, PastRunAudience } from '../../workflows/schema/index.ts';
import { cohortWindowMs, windowReadyAt } from '../commons/cohorts/cohort-window.ts';
import { chunks } from '../commons/dynamo/batch.ts';
import { minuteBucket, minuteStart } from '../commons/runtime/clock.ts';
import { forJourney } from '../commons/runtime/journey-scope.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { type CohortMember, SHARD_SIZE } from '../commons/stores/cohorts.ts';
import { hourOf } from '../commons/stores/deferrals.ts';
import { mapLimit } from '../commons/util/concurrency.ts';
import { type DeferredDelivery, deliverDeferredLeased } from './deferred-delivery.ts';
import { snapshotSegments } from './snapshot-sizing.ts';

export interface TickResult extends DeferredDelivery {
  readonly cohortsStarted: { journeyId: string; runId: string; size: number }[];
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
    await forJourney(journeyId, async () => {
      const entries = journey ? await deps.stores.enrollments.takeEntries(journeyId, minute, buckets) : [];
      if (journey && entries.length > 0) {
        const startedAt = minuteStart(minute);
        const runId = runIdAt(journey.id, startedAt);
        const size = await startCohort(journey, runId, startedAt, entries, deps);
        cohortsStarted.push({ journeyId: journey.id, runId, size });
      }
      await deps.stores.pendingWork.finishEntries(journeyId, minute);
    });
  }
  return { cohortsStarted, ...(await deliverDeferredLeased(work.deferred, deps, now)) };
}

/**
 * A schedule fired: start the run (once per scheduled time). The execution snapshots the audience
 * itself, one Map item per segment, so the audience's size never bounds this invocation.
 */
export async function startScheduledRun(
  journeyId: string,
  scheduledAt: number,
  deps: RuntimeDeps,
): Promise<{ runId: string; segments: number; pastRunId: string | null }> {
  const journey = deps.catalog.journeys.get(journeyId);
  if (journey?.trigger.kind !== 'schedule') throw new Error(`journey ${journeyId} has no schedule trigger`);
  const runId = runIdAt(journey.id, scheduledAt);
  const fromRun = journey.trigger.audience.from_run;
  const [segments, pastRunId] = await Promise.all([
    audienceSegments(fromRun !== undefined, deps),
    fromRun ? resolvePastRun(fromRun, scheduledAt, deps) : null,
  ]);
  await recordRun(journey, runId, scheduledAt, 'schedule', deps);
  const input: ExecutionInput = {
    run: runContext(journey, runId, scheduledAt),
    cohort: { id: runId, shards: [], size: 0 },
    audience: { segments: Array.from({ length: segments }, (_, segment) => segment), pastRunId },
  };
  await deps.executions.start(journey.id, runId, input);
  deps.metrics.addMetric('CohortsStarted', 'Count', 1);
  return { runId, segments, pastRunId };
}

async function audienceSegments(fromPastRun: boolean, deps: RuntimeDeps): Promise<number> {
  return snapshotSegments({
    fixed: deps.config.AUDIENCE_SEGMENTS,
    approximateCustomers:
      deps.config.AUDIENCE_SEGMENTS === undefined ? await deps.stores.customers.approximateCount() : 0,
    customersPerSegment: deps.config.AUDIENCE_SEGMENT_CUSTOMERS,
    fromPastRun,
  });
}

/**
 * The past run a "from_run" audience names, resolved once so that every segment reads the same
 * one. Only runs that started before this one count: a retried start must not find itself.
 */
async function resolvePastRun(
  fromRun: PastRunAudience,
  startingAt: number,
  deps: RuntimeDeps,
): Promise<string | null> {
  const runs = (await deps.stores.runs.runs(fromRun.journey)).filter((run) => run.startedAt < startingAt);
  const run =
    fromRun.run === 'latest'
      ? runs.sort((a, b) => b.startedAt - a.startedAt)[0]
      : runs.find((candidate) => candidate.runId === fromRun.run);
  return run?.runId ?? null;
}

/** The run's record (conditional: a start that happens twice records one run). */
async function recordRun(
  journey: Journey,
  runId: string,
  startedAt: number,
  trigger: 'event' | 'schedule',
  deps: RuntimeDeps,
): Promise<void> {
  await deps.stores.runs.create({
    journeyId: journey.id,
    runId,
    journeyVersion: journey.version,
    startedAt,
    trigger,
  });
}

function runContext(journey: Journey, runId: string, startedAt: number): RunContext {
  return {
    journeyId: journey.id,
    journeyVersion: journey.version,
    runId,
    startedAt: new Date(startedAt).toISOString(),
  };
}

async function startCohort(
  journey: Journey,
  runId: string,
  startedAt: number,
  entries: readonly CohortMember[],
  deps: RuntimeDeps,
): Promise<number> {
  const cohortId = runId;
  const shards = chunks(entries, SHARD_SIZE).map((members, shard) => ({ members, shard }));
  await Promise.all([
    mapLimit(shards, 4, ({ members, shard }) => deps.stores.cohorts.writeShard(cohortId, shard, members)),
    recordRun(journey, runId, startedAt, 'event', deps),
  ]);
  // Entries hold each customer once, so the cohort is what was just written.
  const cohort = { id: cohortId, shards: shards.map(({ shard }) => shard), size: entries.length };
  const input: ExecutionInput = { run: runContext(journey, runId, startedAt), cohort };
  await deps.executions.start(journey.id, cohortId, input);
  deps.metrics.addMetric('CohortsStarted', 'Count', 1);
  return input.cohort.size;
}
