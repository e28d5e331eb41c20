import type { RunContext } from '../../../workflows/contracts/execution.ts';
import { isHeldOut } from '../../../workflows/evaluation/assignment.ts';
import { durationSeconds } from '../../../workflows/language/duration.ts';
import type { Journey } from '../../../workflows/schema/index.ts';
import type { CohortMember } from '../stores/cohorts.ts';
import type { Membership } from '../stores/enrollments.ts';

/** How long orders are attributed to a run of a journey without a goal. */
const DEFAULT_ATTRIBUTION = '14d';

/**
 * A customer's membership of a run they enter: the shard they keep for the whole run, their group
 * (held out by a stable hash of the journey and customer, so every task that asks agrees), and
 * until when their orders are attributed to the run.
 */
export function runMembership(
  journey: Pick<Journey, 'id' | 'holdout' | 'goal'>,
  run: Pick<RunContext, 'runId' | 'startedAt'>,
  member: CohortMember,
  shard: number,
): Membership {
  return {
    journeyId: journey.id,
    runId: run.runId,
    customerId: member.customerId,
    shard,
    enteredAt: member.enteredAt,
    group: isHeldOut(journey.id, member.customerId, journey.holdout) ? 'holdout' : 'treated',
    attributeUntil:
      Date.parse(run.startedAt) + durationSeconds(journey.goal?.within ?? DEFAULT_ATTRIBUTION) * 1000,
  };
}
