import type { SendLogPlace } from '../commons/dynamo/keys.ts';
import { minuteBucket } from '../commons/runtime/clock.ts';
import type { Membership } from '../commons/stores/enrollments.ts';
import type { GrantPlace } from '../commons/stores/grants.ts';
import type { PassagePlace } from '../commons/stores/holdout-passages.ts';
import type { RunRecord } from '../commons/stores/runs.ts';
import type { RightsDeps } from './rights-deps.ts';

/** Where a customer's records of one run are filed: found from their membership, by key. */
export interface RunPlace {
  readonly membership: Membership;
  /** The run's send, grant and holdout steps (with a step of unknown kind in each). */
  readonly sendSteps: readonly string[];
  readonly grantSteps: readonly string[];
  readonly holdoutSteps: readonly string[];
  /** The run's cohorts that wrote the customer's shard: the ones that may hold them. */
  readonly cohorts: readonly string[];
  /** An event journey's run starts from one entry window: the customer's entry may still be buffered there. */
  readonly window?: string;
}

const runKey = (journeyId: string, runId: string) => `${journeyId}\u0000${runId}`;

/**
 * The steps of a run by kind: the catalog's when the run ran the catalog's version of the
 * journey; otherwise every step its funnel counted at, each looked for as both kinds.
 */
async function stepsOf(
  membership: Membership,
  run: RunRecord | undefined,
  deps: RightsDeps,
): Promise<{ send: string[]; grant: string[]; holdout: string[] }> {
  const journey = deps.catalog.journeys.get(membership.journeyId);
  if (journey && (!run || run.journeyVersion === journey.version)) {
    const ofKind = (kind: string) =>
      journey.steps.filter((step) => step.kind === kind).map((step) => step.id);
    return { send: ofKind('send'), grant: ofKind('grant'), holdout: ofKind('holdout') };
  }
  const counted = await deps.stores.funnel.stepsOf(membership.journeyId, membership.runId);
  return { send: counted, grant: counted, holdout: counted };
}

export async function runPlacesOf(memberships: readonly Membership[], deps: RightsDeps): Promise<RunPlace[]> {
  const runs = await deps.stores.runs.runsOf(memberships);
  const byRun = new Map(runs.map((run) => [runKey(run.journeyId, run.runId), run]));
  return Promise.all(
    memberships.map(async (membership) => {
      const run = byRun.get(runKey(membership.journeyId, membership.runId));
      const [steps, cohorts] = await Promise.all([
        stepsOf(membership, run, deps),
        deps.stores.cohorts.cohortsOf(membership.runId, membership.shard),
      ]);
      return {
        membership,
        sendSteps: steps.send,
        grantSteps: steps.grant,
        holdoutSteps: steps.holdout,
        // The run's own cohort has its id, also for shards written before the index was.
        cohorts: [...new Set([membership.runId, ...cohorts])],
        ...(run?.trigger === 'event' ? { window: minuteBucket(run.startedAt) } : {}),
      };
    }),
  );
}

/** Every send log item that may hold the customer's records: each send step of each cohort. */
export function sendLogPlaces(places: readonly RunPlace[]): SendLogPlace[] {
  return places.flatMap(({ membership: { journeyId, runId, shard }, sendSteps, cohorts }) =>
    sendSteps.flatMap((stepId) => cohorts.map((cohortId) => ({ journeyId, runId, stepId, cohortId, shard }))),
  );
}

/** Every run grant item that may name the customer: each grant step of each run, at their shard. */
export function grantPlaces(places: readonly RunPlace[]): GrantPlace[] {
  return places.flatMap(({ membership: { runId, shard }, grantSteps }) =>
    grantSteps.map((stepId) => ({ runId, stepId, shard })),
  );
}

/** Every holdout passage partition that may name the customer: each holdout step of each run, at their shard. */
export function passagePlaces(places: readonly RunPlace[]): PassagePlace[] {
  return places.flatMap(({ membership: { runId, shard }, holdoutSteps }) =>
    holdoutSteps.map((stepId) => ({ runId, stepId, shard })),
  );
}
