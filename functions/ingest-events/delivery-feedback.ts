import { type CustomerEvent, isKnownEvent } from '../../workflows/contracts/customer.ts';
import { type DeliveryEventName, isDeliveryEventName } from '../../workflows/contracts/delivery-events.ts';
import { watchedEvents } from '../../workflows/evaluation/watched-events.ts';
import type { JourneyCatalog } from '../../workflows/workspace/catalog.ts';
import { eventKey, LandedRows } from '../commons/cohorts/landed-rows.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import type { FunnelMetric, FunnelRow } from '../commons/stores/funnel.ts';
import { allOrFirstError } from '../commons/util/concurrency.ts';

const METRIC: Record<DeliveryEventName, FunnelMetric> = {
  email_delivered: 'delivered',
  email_bounced: 'bounced',
  email_complained: 'complained',
  email_opened: 'opened',
  email_clicked: 'clicked',
  sms_delivered: 'delivered',
  sms_failed: 'deliveryFailed',
  push_delivered: 'delivered',
  push_failed: 'deliveryFailed',
  in_app_opened: 'opened',
};

/**
 * The count an accepted delivery event adds to the funnel of the send step it is about. Its
 * event id names the message and the kind, so an event told twice is a duplicate, counted once.
 */
export function deliveryCount(event: CustomerEvent): FunnelRow | undefined {
  if (!isDeliveryEventName(event.name)) return undefined;
  const { journeyId, runId, stepId } = event.properties as {
    journeyId: string;
    runId: string;
    stepId: string;
  };
  // Send steps count their messages as treated (a holdout gets none).
  return { journeyId, runId, stepId, variant: 'treated', counts: { [METRIC[event.name]]: 1 } };
}

/**
 * Whether an event may concern the runs its customer is in, which costs a read of their
 * memberships: a delivery or custom event only when a journey waits for, branches on or aims at
 * it (neither counts in the run's funnel otherwise).
 */
export function mayFeedRuns(event: CustomerEvent, deps: RuntimeDeps): boolean {
  if (event.name === 'signup') return false;
  if (isKnownEvent(event) && !isDeliveryEventName(event.name)) return true;
  return watchedByAnyJourney(deps.catalog).has(event.name);
}

const watchedByCatalog = new WeakMap<JourneyCatalog, ReadonlySet<string>>();

/** The events any journey of the catalog watches, worked out once per catalog. */
function watchedByAnyJourney(catalog: JourneyCatalog): ReadonlySet<string> {
  const known = watchedByCatalog.get(catalog);
  if (known) return known;
  const watched = new Set([...catalog.journeys.values()].flatMap((journey) => [...watchedEvents(journey)]));
  watchedByCatalog.set(catalog, watched);
  return watched;
}

/** A batch's counts per send step, summed so that each step's row is written once. */
export class StepCounts {
  readonly #rows = new Map<string, { row: FunnelRow; events: string[] }>();
  readonly #landed = new LandedRows();

  add(row: FunnelRow, customerId: string, eventId: string): void {
    const key = [row.journeyId, row.runId, row.stepId, row.variant].join('\u0000');
    const event = eventKey(customerId, eventId);
    const known = this.#rows.get(key);
    if (!known) {
      this.#rows.set(key, { row: { ...row, counts: { ...row.counts } }, events: [event] });
      return;
    }
    known.events.push(event);
    const summed = known.row.counts as Record<string, number>;
    for (const [name, value] of Object.entries(row.counts)) summed[name] = (summed[name] ?? 0) + (value ?? 0);
  }

  async write(deps: RuntimeDeps): Promise<void> {
    await allOrFirstError([...this.#rows.values()].map((entry) => this.#landed.set(deps, entry)));
  }

  /** Takes back the counts `write` wrote, for a batch that failed: its retry counts them again. */
  async undo(deps: RuntimeDeps): Promise<void> {
    await this.#landed.undo(deps);
  }
}
