import { cohortWindowMs } from '../functions/commons/cohorts/cohort-window.ts';
import { SHARD_SIZE } from '../functions/commons/stores/cohorts.ts';
import { type FunctionName, functionOfRole } from '../functions/function-table.ts';
import type { MeasuredCounts } from '../pricing/cost-model.ts';
import type { Journey } from '../workflows/schema/index.ts';

/** What one journey's executions did in a simulation (the report's `operations.byJourney`), and who entered. */
export interface JourneyWork {
  readonly executions: number;
  readonly standardTransitions: number;
  readonly expressChildren: number;
  readonly entered: number;
}

export interface CohortProjectionInput {
  readonly counts: MeasuredCounts;
  readonly customers: number;
  readonly days: number;
  readonly journeys: ReadonlyMap<string, Journey>;
  readonly work: Readonly<Record<string, JourneyWork>>;
}

/** The functions behind the task roles a Map item calls, one call per shard and step: they grow like the Map children. */
const SHARD_FUNCTIONS: ReadonlySet<string> = new Set(
  (['Partition', 'Send', 'Grant', 'Update', 'Record'] as const).map(functionOfRole),
);
/** Called per execution (a fork after a branch or a check that moved someone): grows like the transitions. */
const COHORT_FUNCTIONS: ReadonlySet<string> = new Set([functionOfRole('Fork')]);
/** Called by the minute ticker and the schedules, whatever the number of customers. */
const CLOCK_FUNCTIONS: ReadonlySet<string> = new Set(['start-cohorts' satisfies FunctionName]);

const DAY_MS = 86_400_000;

/**
 * The counts projected to `target` customers journey by journey, from what each journey's
 * executions did. A scheduled journey runs as many executions whatever its audience: its
 * transitions stay, its Map children grow with its shards. An event journey forms one cohort per
 * window with entries: its cohorts grow with customers only until every window of the period has
 * one, then each cohort grows and needs more shards. Work per customer (DynamoDB, events, ingest)
 * grows linearly. A model, stated here, on measured inputs: per-cohort work is assumed to cost
 * the same in a bigger cohort except for its shards.
 */
export function projectByJourney(input: CohortProjectionInput, target = 1_000_000): MeasuredCounts {
  const { counts, customers, days, journeys, work } = input;
  if (!(customers > 0 && days > 0))
    throw new RangeError(`expected customers and days above 0, got ${customers} and ${days}`);
  const scale = target / customers;
  let transitions = 0;
  let children = 0;
  for (const [journeyId, measured] of Object.entries(work)) {
    const journey = journeys.get(journeyId);
    if (!journey) throw new Error(`the report names journey ${journeyId}, which is not in the workspace`);
    const projected = projectExecutions(journey, measured, scale, days);
    transitions += projected.standardTransitions;
    children += projected.expressChildren;
  }
  return {
    ...projectCalls(counts, { standardTransitions: transitions, expressChildren: children }, scale),
    events: (counts.events ?? 0) * scale,
  };
}

/**
 * One journey's own bill inputs (its executions, and the Lambda calls and DynamoDB units charged to
 * it) projected to `entered` customers entering it, by the same rules as `projectByJourney`.
 */
export function projectJourney(
  input: { journey: Journey; work: JourneyWork; counts: MeasuredCounts; days: number },
  entered = 1_000_000,
): MeasuredCounts {
  const { journey, work, counts, days } = input;
  if (!(work.entered > 0 && days > 0))
    throw new RangeError(`expected entries and days above 0, got ${work.entered} and ${days}`);
  const scale = entered / work.entered;
  return { ...projectCalls(counts, projectExecutions(journey, work, scale, days), scale), events: 0 };
}

/** A journey's Standard transitions and Map children when its customers grow `scale` times. */
function projectExecutions(
  journey: Journey,
  measured: JourneyWork,
  scale: number,
  days: number,
): { standardTransitions: number; expressChildren: number } {
  if (measured.executions === 0) return { standardTransitions: 0, expressChildren: 0 };
  if (journey.trigger.kind !== 'event')
    return {
      standardTransitions: measured.standardTransitions,
      expressChildren: measured.expressChildren * scale,
    };
  const windows = Math.floor((days * DAY_MS) / cohortWindowMs(journey));
  const cohorts = Math.min(measured.executions * scale, Math.max(windows, measured.executions));
  const shardsNow = Math.max(1, Math.ceil(measured.entered / measured.executions / SHARD_SIZE));
  const shardsThen = Math.max(1, Math.ceil((measured.entered * scale) / cohorts / SHARD_SIZE));
  const perCohort = cohorts / measured.executions;
  return {
    standardTransitions: measured.standardTransitions * perCohort,
    expressChildren: measured.expressChildren * perCohort * (shardsThen / shardsNow),
  };
}

/**
 * The counts around projected executions: shard-task calls grow like the Map children, fork calls
 * like the transitions, the ticker's calls stay, and DynamoDB grows with the customers.
 */
function projectCalls(
  counts: MeasuredCounts,
  executions: { standardTransitions: number; expressChildren: number },
  scale: number,
): Omit<MeasuredCounts, 'events'> {
  const grow = (measured: number, projected: number) => (measured > 0 ? projected / measured : scale);
  const childGrowth = grow(counts.expressChildren, executions.expressChildren);
  const transitionGrowth = grow(counts.standardTransitions, executions.standardTransitions);
  const lambdaInvocations = Object.fromEntries(
    Object.entries(counts.lambdaInvocations).map(([name, calls]) => [
      name,
      calls *
        (SHARD_FUNCTIONS.has(name)
          ? childGrowth
          : COHORT_FUNCTIONS.has(name)
            ? transitionGrowth
            : CLOCK_FUNCTIONS.has(name)
              ? 1
              : scale),
    ]),
  );
  return {
    ...executions,
    expressTransitions: counts.expressTransitions * childGrowth,
    lambdaInvocations,
    dynamo: {
      readCapacity: counts.dynamo.readCapacity * scale,
      writeCapacity: counts.dynamo.writeCapacity * scale,
      providerWriteCapacity: (counts.dynamo.providerWriteCapacity ?? 0) * scale,
    },
  };
}
