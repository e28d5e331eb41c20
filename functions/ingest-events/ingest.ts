import { CustomerEvent, type EventResult, MAX_EVENTS_PER_BATCH } from '../../workflows/contracts/customer.ts';
import { RunFeed } from '../commons/cohorts/run-feed.ts';
import { PayloadTooLargeError } from '../commons/runtime/errors.ts';
import { forJourney } from '../commons/runtime/journey-scope.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { zodProblems } from '../commons/runtime/zod-problems.ts';
import { allOrFirstError, mapLimit } from '../commons/util/concurrency.ts';
import { applyCustomerEvents, type BatchContext, type EventOutcome } from './customer-events.ts';
import { mayFeedRuns, StepCounts } from './delivery-feedback.ts';
import { entryMarks, markEntryWindows } from './entries.ts';
import { withoutErased } from './erased-customers.ts';
import { eventTimeProblem } from './event-time.ts';
import { failedEvent } from './failed-event.ts';
import { putBack } from './undo-batch.ts';

interface Indexed {
  readonly index: number;
  readonly event: CustomerEvent;
}

/**
 * Takes a batch of customer events, each validated on its own: a rejected event writes nothing;
 * a duplicate event id changes nothing; an accepted one updates the timeline, the profile and
 * tier, enrolls the customer in matching event journeys, and feeds the runs they are in. An event
 * that fails for an unexpected reason fails alone, and may be sent again.
 */
export async function ingestEvents(rawEvents: readonly unknown[], deps: RuntimeDeps): Promise<EventResult[]> {
  if (rawEvents.length > MAX_EVENTS_PER_BATCH) {
    throw new PayloadTooLargeError(
      `a batch holds at most ${MAX_EVENTS_PER_BATCH} events; this one has ${rawEvents.length}`,
    );
  }
  // One instant for the whole batch, so every entry goes to the window the index was marked for.
  const now = deps.clock.now();
  const results: EventResult[] = new Array(rawEvents.length);
  const valid = validEvents(rawEvents, now, deps, results);
  // Event ids are unique per customer.
  const idOf = (event: CustomerEvent) => `${event.customerId}\u0000${event.eventId}`;
  const firstOfId = new Map<string, number>();
  for (const { index, event } of valid) {
    if (firstOfId.has(idOf(event))) results[index] = { index, eventId: event.eventId, status: 'duplicate' };
    else firstOfId.set(idOf(event), index);
  }
  const unique = valid.filter(({ index, event }) => firstOfId.get(idOf(event)) === index);
  // Profile reads and membership reads do not depend on each other: one round trip for both.
  const feedingRuns = [
    ...new Set(unique.filter(({ event }) => mayFeedRuns(event, deps)).map(({ event }) => event.customerId)),
  ];
  const [profiles, memberships] = await Promise.all([
    deps.stores.customers.readForUpdate(unique.map(({ event }) => event.customerId)),
    mapLimit(
      feedingRuns,
      16,
      async (customerId) => [customerId, await deps.stores.enrollments.membershipsOf(customerId)] as const,
    ),
  ]);
  const applicable = await withoutErased(unique, profiles, deps, results);
  const { marks, unmarked } = entryMarks(applicable, profiles, deps, now);
  for (const [{ index, event }, error] of unmarked) results[index] = failedEvent(index, event, error, deps);
  // Events of one customer are applied in order; different customers in parallel.
  const byCustomer = new Map<string, Indexed[]>();
  for (const entry of applicable.filter((candidate) => !unmarked.has(candidate))) {
    const ofCustomer = byCustomer.get(entry.event.customerId) ?? [];
    ofCustomer.push(entry);
    byCustomer.set(entry.event.customerId, ofCustomer);
  }
  const accepted: CustomerEvent[] = [];
  const batch: BatchContext = {
    deps,
    now,
    profiles,
    memberships: new Map(memberships),
    feed: new RunFeed(deps.catalog),
    steps: new StepCounts(),
    entries: [],
    applied: new Map(),
    written: new Map(),
    ingestOthers: (events) => ingestEvents(events, deps),
  };
  try {
    // Windows are marked while the events are applied: entries are written only after both.
    const applying = mapLimit([...byCustomer.values()], 16, async (entries) => {
      const ordered = [...entries].sort((a, b) => Date.parse(a.event.at) - Date.parse(b.event.at));
      const outcomes = await applyOrFail(
        ordered.map(({ event }) => event),
        batch,
      );
      for (const [position, { index, event }] of ordered.entries()) {
        const outcome = outcomes[position] ?? { status: 'duplicate' };
        if (outcome.status === 'failed') results[index] = failedEvent(index, event, outcome.error, deps);
        else if (outcome.status === 'duplicate')
          results[index] = { index, eventId: event.eventId, status: 'duplicate' };
        else {
          results[index] = { index, eventId: event.eventId, status: 'accepted', enrolled: outcome.enrolled };
          accepted.push(event);
        }
      }
    });
    await allOrFirstError([markEntryWindows(marks, deps, now), applying]);
    await allOrFirstError([
      deps.stores.events.appendToTimelines(accepted, now),
      ...[...new Set(batch.entries.map((entry) => entry.journeyId))].map((journeyId) =>
        forJourney(journeyId, () =>
          deps.stores.enrollments.bufferEntries(
            batch.entries.filter((entry) => entry.journeyId === journeyId),
          ),
        ),
      ),
      batch.feed.write(deps),
    ]);
    // Counted last: a batch that fails before this counts nothing, so its retry counts each message once.
    await batch.steps.write(deps);
  } catch (error) {
    // Leave the customers and the counts as they were, so the client's retry applies the batch once.
    // The counts go first: a retry can count the events again only once their ids are put back.
    await Promise.all([batch.feed.undo(deps), batch.steps.undo(deps)]);
    await Promise.all(
      [...batch.applied].map(([customerId, eventIds]) =>
        putBack(customerId, eventIds, batch.written.get(customerId), deps),
      ),
    );
    throw error;
  }
  const count = (status: EventResult['status']) =>
    results.filter((result) => result.status === status).length;
  deps.metrics.addMetric('EventsAccepted', 'Count', accepted.length);
  deps.metrics.addMetric('EventsRejected', 'Count', count('rejected'));
  deps.metrics.addMetric('EventsFailed', 'Count', count('failed'));
  return results;
}

/** Each event parsed on its own, and dated within what the server accepts; the rest answered as rejected. */
function validEvents(
  rawEvents: readonly unknown[],
  now: number,
  deps: RuntimeDeps,
  results: EventResult[],
): Indexed[] {
  return rawEvents.flatMap((raw, index) => {
    const parsed = CustomerEvent.safeParse(raw, { reportInput: true });
    const problems = parsed.success
      ? [eventTimeProblem(parsed.data.at, now, deps.config.EVENT_TTL_DAYS)].filter(
          (problem) => problem !== undefined,
        )
      : zodProblems(parsed.error);
    if (parsed.success && problems.length === 0) return [{ index, event: parsed.data }];
    const eventId = (raw as { eventId?: unknown } | null)?.eventId;
    results[index] = {
      index,
      eventId: typeof eventId === 'string' ? eventId : undefined,
      status: 'rejected',
      problems,
    };
    return [];
  });
}

/**
 * One customer's events applied, or all of them failed when their profile write did: the customer
 * is put back first, so the events sent again are applied once, not taken for duplicates.
 */
async function applyOrFail(events: readonly CustomerEvent[], batch: BatchContext): Promise<EventOutcome[]> {
  try {
    return await applyCustomerEvents(events, batch);
  } catch (error) {
    const customerId = events[0]?.customerId ?? '';
    const recorded = batch.applied.get(customerId);
    if (recorded) {
      await putBack(customerId, recorded, batch.written.get(customerId), batch.deps);
      batch.applied.delete(customerId);
      batch.written.delete(customerId);
    }
    return events.map(() => ({ status: 'failed', error }));
  }
}
