import { CustomerEvent } from '../../../workflows/contracts/customer.ts';
import type { RuntimeDeps } from '../runtime/runtime-deps.ts';
import { type AttributionMarks, runMarkKey } from '../stores/customers.ts';
import type { Membership } from '../stores/enrollments.ts';
import type { FunnelCounts } from '../stores/funnel.ts';
import { mapLimit } from '../util/concurrency.ts';
import { attributeEvent, liveMarks, RunFeed, signalsOf } from './run-feed.ts';

type Mark = AttributionMarks[string];
type FedMark = NonNullable<Mark['fed']>[number];

/**
 * An event journey's cohort starts up to one cohort window after its entries: the events its
 * members did in between (after the entry, up to now) are fed to the run when they join it, so
 * the goal, wait_for checks and the funnel see them as if the run had started at the entry.
 * `task` names the shard's entry: its counts are set in rows of its own, which its retry replaces.
 */
export async function feedSinceEntry(
  memberships: readonly Membership[],
  deps: RuntimeDeps,
  task: string,
): Promise<void> {
  const now = deps.clock.now();
  // A profile's last activity tells, for one read per 100 members, who did anything since entering;
  // the same strongly consistent read serves the updates of the marks below.
  const profiles = await deps.stores.customers.readForUpdate(
    memberships.map((membership) => membership.customerId),
  );
  const active = memberships.filter(
    (membership) => (profiles.get(membership.customerId)?.lastActiveAt ?? 0) > membership.enteredAt,
  );
  const missed = await Promise.all(
    active.map(async (membership) => ({
      membership,
      events: (
        await deps.stores.events.timeline(membership.customerId, membership.enteredAt + 1, now)
      ).filter((event) => event.at > membership.enteredAt && event.at <= membership.attributeUntil),
    })),
  );
  const feed = new RunFeed(deps.catalog, task);
  const withEvents = missed.filter((candidate) => candidate.events.length > 0);
  await mapLimit(withEvents, 16, async ({ membership, events }) => {
    const replayed = [...events]
      .sort((a, b) => a.at - b.at || a.eventId.localeCompare(b.eventId))
      .map(({ eventId, customerId, name, properties, at }) =>
        CustomerEvent.parse({ eventId, customerId, name, properties, at: new Date(at).toISOString() }),
      );
    for (const event of replayed) feed.addSignals(signalsOf(event, [membership], deps));
    let counts: { eventId: string; counts: FunnelCounts }[] = [];
    await deps.stores.customers.updateRecord(
      membership.customerId,
      (current) => {
        counts = [];
        if (!current.profile) return undefined;
        const key = runMarkKey(membership.journeyId, membership.runId);
        const before = current.marks[key];
        // What an earlier attempt of this entry marked is marked again, and counted again.
        const marks = { ...current.marks, ...(before ? { [key]: unfed(before) } : {}) };
        if (!before) delete marks[key];
        const firstPurchaseAt = current.profile.firstPurchaseAt;
        counts = replayed.flatMap((event) => {
          const wasNewCustomer = event.name === 'purchase' && firstPurchaseAt === Date.parse(event.at);
          const attributed = attributeEvent(event, membership, wasNewCustomer, marks);
          return attributed ? [{ eventId: event.eventId, counts: attributed }] : [];
        });
        const after = marks[key] && withFed(marks[key], before);
        // Nothing to write unless a first add to cart or order was marked.
        if (!after || sameMark(after, before)) return undefined;
        return { ...current, profile: current.profile, marks: liveMarks({ ...marks, [key]: after }, now) };
      },
      profiles,
    );
    for (const each of counts) feed.addCounts(membership, each.counts, each.eventId);
  });
  await feed.write(deps);
}

/** The mark as it was before the feed set any of it. */
function unfed(mark: Mark): Mark {
  const { fed, ...rest } = mark;
  return {
    ...rest,
    addToCartAt: fed?.includes('addToCart') ? undefined : mark.addToCartAt,
    orderAt: fed?.includes('order') ? undefined : mark.orderAt,
  };
}

/** The mark, naming what the feed set: what `before` did not hold, or held as fed. */
function withFed(mark: Mark, before: Mark | undefined): Mark {
  const base = before ? unfed(before) : undefined;
  const fed: FedMark[] = [];
  if (mark.addToCartAt !== undefined && base?.addToCartAt === undefined) fed.push('addToCart');
  if (mark.orderAt !== undefined && base?.orderAt === undefined) fed.push('order');
  const { fed: _, ...rest } = mark;
  return Object.fromEntries(
    Object.entries(fed.length > 0 ? { ...rest, fed } : rest).filter(([, value]) => value !== undefined),
  ) as Mark;
}

function sameMark(a: Mark, b: Mark | undefined): boolean {
  return (
    b !== undefined &&
    a.addToCartAt === b.addToCartAt &&
    a.orderAt === b.orderAt &&
    a.until === b.until &&
    (a.fed ?? []).join() === (b.fed ?? []).join()
  );
}
