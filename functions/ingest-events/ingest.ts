import { CustomerEvent, type EventResult, MAX_EVENTS_PER_BATCH } from '../../workflows/contracts/customer.ts';
import { matchesProperties } from '../../workflows/evaluation/condition.ts';
import { durationSeconds } from '../../workflows/language/duration.ts';
import type { Journey } from '../../workflows/schema/index.ts';
import { minuteBucket } from '../commons/clock.ts';
import { cohortWindowMs, entryWindowStart } from '../commons/cohort-window.ts';
import type { RuntimeDeps } from '../commons/deps.ts';
import { PayloadTooLargeError } from '../commons/errors.ts';
import { entryBucket } from '../commons/keys.ts';
import { feedMemberships, RunFeed } from '../commons/run-feed.ts';
import { mapLimit } from '../commons/stores/batch.ts';
import type { ProfileReads } from '../commons/stores/customers.ts';
import { zodProblems } from '../commons/validation.ts';
import { profileAfterEvent } from './profile-update.ts';

/**
 * Takes a batch of customer events, each validated on its own: a rejected event writes nothing;
 * a duplicate event id changes nothing; an accepted one updates the timeline, the profile and
 * tier, enrolls the customer in matching event journeys, and feeds the runs they are in.
 */
export async function ingestEvents(rawEvents: readonly unknown[], deps: RuntimeDeps): Promise<EventResult[]> {
  if (rawEvents.length > MAX_EVENTS_PER_BATCH) {
    throw new PayloadTooLargeError(
      `a batch holds at most ${MAX_EVENTS_PER_BATCH} events; this one has ${rawEvents.length}`,
    );
  }
  const parsed = rawEvents.map((raw, index) => ({
    index,
    raw,
    result: CustomerEvent.safeParse(raw, { reportInput: true }),
  }));
  const results: EventResult[] = new Array(rawEvents.length);
  for (const { index, raw, result } of parsed) {
    if (!result.success) {
      const eventId =
        typeof (raw as { eventId?: unknown })?.eventId === 'string'
          ? String((raw as { eventId: string }).eventId)
          : undefined;
      results[index] = { index, eventId, status: 'rejected', problems: zodProblems(result.error) };
    }
  }
  const valid = parsed.flatMap(({ index, result }) =>
    result.success ? [{ index, event: result.data }] : [],
  );
  // Events of one customer are applied in order; different customers in parallel.
  const byCustomer = new Map<string, typeof valid>();
  for (const entry of valid)
    byCustomer.set(entry.event.customerId, [...(byCustomer.get(entry.event.customerId) ?? []), entry]);
  // One instant for the whole batch, so every entry goes to the window the index was marked for.
  const now = deps.clock.now();
  const [profiles] = await Promise.all([
    deps.stores.customers.readForUpdate([...byCustomer.keys()]),
    markEntryWindows(
      valid.map(({ event }) => event),
      deps,
      now,
    ),
  ]);
  const accepted: CustomerEvent[] = [];
  const feed = new RunFeed();
  await mapLimit([...byCustomer.values()], 16, async (entries) => {
    for (const { index, event } of [...entries].sort(
      (a, b) => Date.parse(a.event.at) - Date.parse(b.event.at),
    )) {
      results[index] = await ingestOne(event, index, { deps, now, profiles, feed });
      if (results[index]?.status === 'accepted') accepted.push(event);
    }
  });
  try {
    await Promise.all([deps.stores.events.appendToTimelines(accepted, now), feed.write(deps)]);
  } catch (error) {
    // Give the ids back, so the client's retry of the batch is processed, not taken for duplicates.
    await Promise.all(accepted.map((event) => deps.stores.events.release(event.eventId)));
    throw error;
  }
  deps.metrics.addMetric('EventsAccepted', 'Count', accepted.length);
  deps.metrics.addMetric(
    'EventsRejected',
    'Count',
    results.filter((result) => result.status === 'rejected').length,
  );
  return results;
}

interface BatchContext {
  readonly deps: RuntimeDeps;
  readonly now: number;
  readonly profiles: ProfileReads;
  readonly feed: RunFeed;
}

async function ingestOne(event: CustomerEvent, index: number, batch: BatchContext): Promise<EventResult> {
  const { deps, now } = batch;
  if (!(await deps.stores.events.claim(event.eventId, now)))
    return { index, eventId: event.eventId, status: 'duplicate' };
  try {
    let wasNewCustomer = false;
    // Enrollment reads only the event, so it need not wait for the profile.
    const [profile, enrolled] = await Promise.all([
      deps.stores.customers.update(
        event.customerId,
        (current) => {
          wasNewCustomer = (current?.orderCount ?? 0) === 0;
          return profileAfterEvent(current, event, now);
        },
        batch.profiles,
      ),
      enrollInEventJourneys(event, deps, now),
    ]);
    if (event.name !== 'signup' && profile) await feedRuns(event, wasNewCustomer, batch);
    return { index, eventId: event.eventId, status: 'accepted', enrolled };
  } catch (error) {
    // Give the id back so the retry of this event is processed, not taken for a duplicate.
    await deps.stores.events.release(event.eventId);
    throw error;
  }
}

/** Where an event would enter a journey: the window its entry joins, or undefined if it does not match. */
function entryOf(journey: Journey, event: CustomerEvent, now: number) {
  const trigger = journey.trigger;
  if (trigger.kind !== 'event' || trigger.event !== event.name) return undefined;
  if (!matchesProperties(event.properties as Record<string, unknown>, trigger.filter ?? [])) return undefined;
  const start = entryWindowStart(Date.parse(event.at), now, cohortWindowMs(journey));
  // Entered when the event happened, or at the start of the later window a late event joins.
  const enteredAt = Math.max(Math.min(Date.parse(event.at), now), start);
  return { minute: minuteBucket(start), enteredAt };
}

/**
 * Marks the pending-work index for every window and bucket this batch may buffer entries in,
 * before any entry is written: an entry is never left where the ticker would not look. A mark
 * whose entries are all refused (re-entry rules) only costs the ticker an empty read.
 */
async function markEntryWindows(
  events: readonly CustomerEvent[],
  deps: RuntimeDeps,
  now: number,
): Promise<void> {
  const marks = new Map<string, { journeyId: string; minute: string; buckets: Set<number> }>();
  for (const event of events) {
    for (const journey of deps.catalog.journeys.values()) {
      const entry = entryOf(journey, event, now);
      if (!entry) continue;
      const key = `${journey.id}\u0000${entry.minute}`;
      const mark = marks.get(key) ?? { journeyId: journey.id, minute: entry.minute, buckets: new Set() };
      mark.buckets.add(entryBucket(event.customerId));
      marks.set(key, mark);
    }
  }
  await Promise.all(
    [...marks.values()].map(({ journeyId, minute, buckets }) =>
      deps.stores.pendingWork.markEntries(journeyId, minute, [...buckets].sort(), now),
    ),
  );
}

async function enrollInEventJourneys(
  event: CustomerEvent,
  deps: RuntimeDeps,
  now: number,
): Promise<string[]> {
  const enrolled: string[] = [];
  for (const journey of deps.catalog.journeys.values()) {
    const entry = entryOf(journey, event, now);
    if (!entry) continue;
    const reentry = journey.entry.reentry;
    const cooldown = reentry === 'never' ? 'never' : durationSeconds(reentry.after) * 1000;
    if (!(await deps.stores.enrollments.tryEnroll(event.customerId, journey.id, now, cooldown))) continue;
    await deps.stores.enrollments.bufferEntry(journey.id, entry.minute, event.customerId, entry.enteredAt);
    enrolled.push(journey.id);
  }
  return enrolled;
}

/** Feeds the event to the runs the customer is in (see run-feed.ts). */
async function feedRuns(event: CustomerEvent, wasNewCustomer: boolean, batch: BatchContext): Promise<void> {
  const { deps, feed } = batch;
  const at = Date.parse(event.at);
  const memberships = (await deps.stores.enrollments.membershipsOf(event.customerId)).filter(
    (membership) => at >= membership.enteredAt && at <= membership.attributeUntil,
  );
  await feedMemberships(event, memberships, wasNewCustomer, feed, deps);
}
