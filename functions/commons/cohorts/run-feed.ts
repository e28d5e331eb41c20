import { type CustomerEvent, isKnownEvent } from '../../../workflows/contracts/customer.ts';
import { splitAssignments } from '../../../workflows/evaluation/assignment.ts';
import { watchedEvents } from '../../../workflows/evaluation/watched-events.ts';
import type { JourneyCatalog } from '../../../workflows/workspace/catalog.ts';
import { forJourney } from '../runtime/journey-scope.ts';
import type { RuntimeDeps } from '../runtime/runtime-deps.ts';
import { type AttributionMarks, runMarkKey } from '../stores/customers.ts';
import { MEMBERSHIP_KEPT_MS, type Membership } from '../stores/enrollments.ts';
import type { FunnelCounts, FunnelRow } from '../stores/funnel.ts';
import type { Signal } from '../stores/signals.ts';
import { allOrFirstError } from '../util/concurrency.ts';
import { HoldoutStepAttribution } from './holdout-attribution.ts';
import { type CountedRow, eventKey, LandedRows } from './landed-rows.ts';

/**
 * What a batch of events feeds to runs, gathered so that it is written together: signals in
 * batches of 25, funnel counts summed per run and variant.
 */
export class RunFeed {
  /** By journey, so that each journey's runs are charged for their own signals. */
  readonly #signals = new Map<string, Signal[]>();
  readonly #counts = new Map<string, { row: FunnelRow; events: string[] }>();
  readonly #holdoutSteps = new HoldoutStepAttribution();
  readonly #landed: LandedRows;

  /**
   * The catalog names each journey's split steps, whose variants are credited with their members'
   * counts. A shard task names itself as `task`, so its retry replaces the rows it wrote.
   */
  constructor(
    private readonly catalog: JourneyCatalog,
    task?: string,
  ) {
    this.#landed = new LandedRows(task);
  }

  addSignals(signals: readonly RunSignal[]): void {
    for (const { journeyId, signal } of signals) {
      const ofJourney = this.#signals.get(journeyId) ?? [];
      ofJourney.push(signal);
      this.#signals.set(journeyId, ofJourney);
    }
  }

  /**
   * A member's counts go to their group's journey row; a treated member's people counts also go
   * to their assigned variant of each split step (intention to treat), so variants compare on orders.
   */
  addCounts(membership: Membership, counts: FunnelCounts, eventId: string): void {
    const event = eventKey(membership.customerId, eventId);
    this.#holdoutSteps.add(membership, counts, event);
    this.#add(membership, '$journey', membership.group, counts, event);
    if (membership.group !== 'treated') return;
    const journey = this.catalog.journeys.get(membership.journeyId);
    if (!journey) return;
    const { addedToCart, ordered, newCustomers, revenue } = counts;
    // Offer cost stays on the rows that counted it: the funnel sums it over every row.
    const byVariant = { addedToCart, ordered, newCustomers, revenue };
    for (const { stepId, variant } of splitAssignments(journey, membership.customerId))
      this.#add(membership, stepId, variant, byVariant, event);
  }

  #add(membership: Membership, stepId: string, variant: string, counts: FunnelCounts, event: string): void {
    const present = Object.entries(counts).filter(([, value]) => value !== undefined && value !== 0);
    if (present.length === 0) return;
    const key = [membership.journeyId, membership.runId, stepId, variant].join('\u0000');
    const known = this.#counts.get(key);
    if (!known) {
      const row = {
        journeyId: membership.journeyId,
        runId: membership.runId,
        stepId,
        variant,
        counts: Object.fromEntries(present),
      };
      this.#counts.set(key, { row, events: [event] });
      return;
    }
    known.events.push(event);
    const summed = known.row.counts as Record<string, number>;
    for (const [name, value] of present) summed[name] = (summed[name] ?? 0) + (value ?? 0);
  }

  async write(deps: RuntimeDeps): Promise<void> {
    const stepRows = await this.#holdoutSteps.rows(deps);
    await allOrFirstError([
      ...stepRows.map((entry) => this.#landed.set(deps, entry)),
      ...[...this.#signals].map(([journeyId, signals]) =>
        forJourney(journeyId, () => deps.stores.signals.put(signals)),
      ),
      ...[...this.#counts.values()].map((entry: CountedRow) => this.#landed.set(deps, entry)),
    ]);
  }

  /** Takes back the counts `write` wrote, for a batch that failed: its retry counts them again. */
  async undo(deps: RuntimeDeps): Promise<void> {
    await this.#landed.undo(deps);
  }
}

/** A signal and the journey of its run. */
export interface RunSignal {
  readonly journeyId: string;
  readonly signal: Signal;
}

/** Signals of one event for each run the customer is in whose goal, wait_for or branch watches it. */
export function signalsOf(
  event: CustomerEvent,
  memberships: readonly Membership[],
  deps: RuntimeDeps,
): RunSignal[] {
  const at = Date.parse(event.at);
  return memberships
    .filter((membership) => {
      const journey = deps.catalog.journeys.get(membership.journeyId);
      return journey !== undefined && watchedEvents(journey).has(event.name);
    })
    .map((membership) => ({
      journeyId: membership.journeyId,
      signal: {
        runId: membership.runId,
        shard: membership.shard,
        event: event.name,
        at,
        customerId: event.customerId,
        properties: event.properties as Record<string, unknown>,
      },
    }));
}

/**
 * The funnel's people and money for one event of a run member: revenue and offer cost, and the
 * first add to cart and first order, counted once per run. Pure: it sets the marks it counts in
 * `marks` (a copy the caller writes back with the profile, under its optimistic lock).
 */
export function attributeEvent(
  event: CustomerEvent,
  membership: Membership,
  wasNewCustomer: boolean,
  marks: AttributionMarks,
): FunnelCounts | undefined {
  const at = Date.parse(event.at);
  const key = runMarkKey(membership.journeyId, membership.runId);
  const mark = { ...(marks[key] ?? { until: membership.attributeUntil + MEMBERSHIP_KEPT_MS }) };
  const counts: FunnelCounts = {};
  // A custom event counts in no funnel column; it still reaches runs as a signal.
  if (!isKnownEvent(event)) return undefined;
  if (event.name === 'add_to_cart' && mark.addToCartAt === undefined) {
    mark.addToCartAt = at;
    counts.addedToCart = 1;
  }
  if (event.name === 'purchase') {
    counts.revenue = event.properties.orderValue;
    if (mark.orderAt === undefined) {
      mark.orderAt = at;
      counts.ordered = 1;
      if (wasNewCustomer) counts.newCustomers = 1;
    }
  }
  if (event.name === 'coupon_redeemed') counts.offerCost = event.properties.amount;
  if (counts.addedToCart || counts.ordered) marks[key] = mark;
  return Object.keys(counts).length > 0 ? counts : undefined;
}

/** Marks whose runs stopped attributing long enough ago are dropped when the profile is written. */
export function liveMarks(marks: AttributionMarks, now: number): AttributionMarks {
  return Object.fromEntries(Object.entries(marks).filter(([, mark]) => mark.until > now));
}

/** Memberships an event at `at` is attributed to: entered before it, attribution not yet over. */
export function attributedTo(memberships: readonly Membership[], at: number): Membership[] {
  return memberships.filter((membership) => at >= membership.enteredAt && at <= membership.attributeUntil);
}
