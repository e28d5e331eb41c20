import { JourneysError } from '../commons/runtime/errors.ts';
import type { ErasurePlan } from './erasure-plan.ts';
import type { RightsDeps } from './rights-deps.ts';

/** An endpoint that could not be deleted: the erasure is not complete, and must be asked again. */
export class ErasureIncompleteError extends JourneysError {
  readonly statusCode = 503;
  readonly expose = true;
}

/**
 * Carries out a plan. What leads to the rest goes last, so an erasure that fails half-way is
 * finished by the next: the timeline (the numbers the customer gave) after the phone index, the
 * customer's partition (their runs) after what their runs lead to, and the profile (devices,
 * entries, numbers) at the very end.
 */
export async function applyErasure(plan: ErasurePlan, pseudonym: string, deps: RightsDeps): Promise<void> {
  const { stores } = deps;
  const id = plan.customerId;
  const registrar = deps.devices;
  if (registrar && plan.endpoints.length > 0) {
    const results = await Promise.allSettled(plan.endpoints.map((arn) => registrar.unregister(arn, id)));
    const failed = results.filter((result) => result.status === 'rejected');
    if (failed.length > 0) {
      deps.logger.error('push endpoints not deleted', { failed: failed.length });
      throw new ErasureIncompleteError('the erasure did not complete (a push endpoint); send it again');
    }
  }
  await Promise.all([
    stores.outbox?.remove(plan.outboxKeys),
    stores.inbox.removeItems(id, plan.inboxSortKeys),
    stores.signals.remove(plan.signals),
    stores.ledger.forgetDeferred(id, plan.deferrals),
    Promise.all(
      plan.cohortPlaces.map((place) =>
        stores.cohorts.forgetMember(place.cohortId, place.shard, id, pseudonym),
      ),
    ),
    stores.ledger.pseudonymize(id, plan.sendPlaces, pseudonym),
    stores.ledger.forgetGrants(id, plan.grants, pseudonym),
    stores.holdoutPassages.forget(id, plan.passages),
    stores.enrollments.removeEntries(plan.entries),
    stores.phoneIndex.remove(id, plan.phones),
    stores.pushMessages.forget(plan.pushMessageIds),
  ]);
  await stores.events.remove(plan.timeline);
  await stores.customerPartition.remove(id, plan.partitionSortKeys);
  if (plan.profile) await stores.customers.remove(id);
}
