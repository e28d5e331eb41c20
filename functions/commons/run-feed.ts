import { CustomerEvent } from '../../workflows/contracts/customer.ts';
import { watchedEvents } from '../../workflows/evaluation/watched-events.ts';
import type { RuntimeDeps } from './deps.ts';
import type { Membership } from './stores/enrollments.ts';
import type { FunnelCounts, FunnelRow } from './stores/funnel.ts';
import type { Signal } from './stores/signals.ts';

/**
 * What a batch of events feeds to runs, gathered so that it is written together: signals in
 * batches of 25, funnel counts summed per run and variant.
 */
export class RunFeed {
  readonly #signals: Signal[] = [];
  readonly #counts = new Map<string, { row: FunnelRow; hint: string }>();

  addSignals(signals: readonly Signal[]): void {
    this.#signals.push(...signals);
  }

  addCounts(membership: Membership, counts: FunnelCounts): void {
    const key = [membership.journeyId, membership.runId, membership.group].join('\u0000');
    const known = this.#counts.get(key);
    if (!known) {
      const row = {
        journeyId: membership.journeyId,
        runId: membership.runId,
        stepId: '$journey',
        variant: membership.group,
        counts: { ...counts },
      };
      this.#counts.set(key, { row, hint: membership.customerId });
      return;
    }
    const summed = known.row.counts as Record<string, number>;
    for (const [name, value] of Object.entries(counts)) summed[name] = (summed[name] ?? 0) + (value ?? 0);
  }

  async write(deps: RuntimeDeps): Promise<void> {
    await Promise.all([
      deps.stores.signals.put(this.#signals),
      ...[...this.#counts.values()].map(({ row, hint }) => deps.stores.funnel.add(row, hint)),
    ]);
  }
}

/**
 * Feeds one event of a customer to runs they are in: a signal for each run whose goal or
 * wait_for watches the event, and the funnel's people and money (first add to cart and first
 * order counted once per run, revenue, offer cost).
 */
export async function feedMemberships(
  event: CustomerEvent,
  memberships: readonly Membership[],
  wasNewCustomer: boolean,
  feed: RunFeed,
  deps: RuntimeDeps,
): Promise<void> {
  const at = Date.parse(event.at);
  const signals = memberships
    .filter((membership) => {
      const journey = deps.catalog.journeys.get(membership.journeyId);
      return journey !== undefined && watchedEvents(journey).has(event.name);
    })
    .map((membership) => ({
      runId: membership.runId,
      shard: membership.shard,
      event: event.name,
      at,
      customerId: event.customerId,
      properties: event.properties as Record<string, unknown>,
    }));
  feed.addSignals(signals);
  for (const membership of memberships) await attribute(event, membership, wasNewCustomer, feed, deps);
}

/**
 * An event journey's cohort starts up to one cohort window after its entries: the events its
 * members did in between (after the entry, up to now) are fed to the run when they join it, so
 * the goal, wait_for checks and the funnel see them as if the run had started at the entry.
 */
export async function feedSinceEntry(memberships: readonly Membership[], deps: RuntimeDeps): Promise<void> {
  const now = deps.clock.now();
  // A profile's last activity tells, for one read per 100 members, who did anything since entering.
  const profiles = await deps.stores.customers.getMany(
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
  const withEvents = missed.filter(({ events }) => events.length > 0);
  const feed = new RunFeed();
  for (const { membership, events } of withEvents) {
    const firstPurchaseAt = profiles.get(membership.customerId)?.firstPurchaseAt;
    for (const stored of [...events].sort((a, b) => a.at - b.at || a.eventId.localeCompare(b.eventId))) {
      const { eventId, customerId, name, properties } = stored;
      const event = CustomerEvent.parse({
        eventId,
        customerId,
        name,
        properties,
        at: new Date(stored.at).toISOString(),
      });
      const wasNewCustomer = event.name === 'purchase' && firstPurchaseAt === stored.at;
      await feedMemberships(event, [membership], wasNewCustomer, feed, deps);
    }
  }
  await feed.write(deps);
}

async function attribute(
  event: CustomerEvent,
  membership: Membership,
  wasNewCustomer: boolean,
  feed: RunFeed,
  deps: RuntimeDeps,
): Promise<void> {
  const at = Date.parse(event.at);
  const counts: FunnelCounts = {};
  if (
    event.name === 'add_to_cart' &&
    membership.firstAddToCartAt === undefined &&
    (await deps.stores.enrollments.markFirst(membership, 'firstAddToCartAt', at))
  ) {
    counts.addedToCart = 1;
  }
  if (event.name === 'purchase') {
    counts.revenue = event.properties.orderValue;
    // A membership read after its first order was marked cannot be first again: no write needed.
    if (
      membership.firstOrderAt === undefined &&
      (await deps.stores.enrollments.markFirst(membership, 'firstOrderAt', at))
    ) {
      counts.ordered = 1;
      if (wasNewCustomer) counts.newCustomers = 1;
    }
  }
  if (event.name === 'coupon_redeemed') counts.offerCost = event.properties.amount;
  if (Object.keys(counts).length > 0) feed.addCounts(membership, counts);
}
