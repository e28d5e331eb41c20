import { CustomerEvent, type EventResult, MAX_EVENTS_PER_BATCH } from '../../workflows/contracts/customer.ts';
import { matchesProperties } from '../../workflows/evaluation/condition.ts';
import { durationSeconds } from '../../workflows/language/duration.ts';
import type { Journey } from '../../workflows/schema/index.ts';
import { cohortWindowMs, entryWindowStart } from '../commons/cohorts/cohort-window.ts';
import { attributedTo, attributeEvent, liveMarks, RunFeed, signalsOf } from '../commons/cohorts/run-feed.ts';
import { entryBucket } from '../commons/dynamo/keys.ts';
import { minuteBucket } from '../commons/runtime/clock.ts';
import { PayloadTooLargeError } from '../commons/runtime/errors.ts';
import { forJourney } from '../commons/runtime/journey-scope.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { zodProblems } from '../commons/runtime/zod-problems.ts';
import {
  DUPLICATE_WINDOW_MS,
  type JourneyEntries,
  MAX_SEEN_EVENTS,
  type ProfileReads,
  type SeenEvents,
} from '../commons/stores/customers.ts';
import type { BufferedEntry, Membership } from '../commons/stores/enrollments.ts';
import type { FunnelCounts } from '../commons/stores/funnel.ts';
import { allOrFirstError, mapLimit } from '../commons/util/concurrency.ts';
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
  // One instant for the whole batch, so every entry goes to the window the index was marked for.
  const now = deps.clock.now();
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
    ...new Set(unique.filter(({ event }) => event.name !== 'signup').map(({ event }) => event.customerId)),
  ];
  const [profiles, memberships] = await Promise.all([
    deps.stores.customers.readForUpdate(unique.map(({ event }) => event.customerId)),
    mapLimit(
      feedingRuns,
      16,
      async (customerId) => [customerId, await deps.stores.enrollments.membershipsOf(customerId)] as const,
    ),
  ]);
  // Events of one customer are applied in order; different customers in parallel.
  const byCustomer = new Map<string, typeof unique>();
  for (const entry of unique) {
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
    feed: new RunFeed(),
    entries: [],
    applied: new Map(),
  };
  try {
    // Windows are marked while the events are applied: entries are written only after both.
    const marking = markEntryWindows(
      unique.map(({ event }) => event),
      profiles,
      deps,
      now,
    );
    const applying = mapLimit([...byCustomer.values()], 16, async (entries) => {
      const ordered = [...entries].sort((a, b) => Date.parse(a.event.at) - Date.parse(b.event.at));
      const outcomes = await ingestCustomer(
        ordered.map(({ event }) => event),
        batch,
      );
      for (const [position, { index, event }] of ordered.entries()) {
        const enrolled = outcomes[position];
        if (!enrolled) {
          results[index] = { index, eventId: event.eventId, status: 'duplicate' };
          continue;
        }
        results[index] = { index, eventId: event.eventId, status: 'accepted', enrolled };
        accepted.push(event);
      }
    });
    await allOrFirstError([marking, applying]);
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
  } catch (error) {
    // Forget the ids this batch applied, so the client's retry is processed, not taken for duplicates.
    await Promise.all(
      [...batch.applied].map(([customerId, eventIds]) => forgetEvents(customerId, eventIds, deps)),
    );
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
  /** Memberships of the batch's customers whose events may feed runs. */
  readonly memberships: ReadonlyMap<string, readonly Membership[]>;
  readonly feed: RunFeed;
  /** Entries of the batch, written together once every event is applied. */
  readonly entries: BufferedEntry[];
  /** The event ids each customer's profile write recorded, to forget if the batch fails. */
  readonly applied: Map<string, readonly string[]>;
}

/**
 * Applies one customer's events, in order, in one conditional write of the profile item: the
 * profile and tier, the re-entry rules of event journeys, the runs' attribution marks, and the
 * event ids, so that an id seen before is a duplicate. Then the batch gathers the entries, signals
 * and funnel counts to write. Returns, per event, the journeys it enrolled the customer in, or
 * undefined for a duplicate.
 */
async function ingestCustomer(
  events: readonly CustomerEvent[],
  batch: BatchContext,
): Promise<(string[] | undefined)[]> {
  const { deps, now } = batch;
  const customerId = events[0]?.customerId ?? '';
  const memberships = batch.memberships.get(customerId) ?? [];
  let fresh: CustomerEvent[] = [];
  let attributed: { membership: Membership; counts: FunnelCounts }[] = [];
  let admitted: BufferedEntry[][] = [];
  const applying = deps.stores.customers.updateRecord(
    customerId,
    (current) => {
      const seen = unexpired(current.seen, now);
      fresh = events.filter((event) => seen[event.eventId] === undefined);
      attributed = [];
      admitted = [];
      if (fresh.length === 0) return undefined;
      let profile = current.profile;
      const marks = { ...current.marks };
      const entered = { ...current.entered };
      for (const event of fresh) {
        seen[event.eventId] = now + DUPLICATE_WINDOW_MS;
        admitted.push(admit(event, entered, deps, now));
        const wasNewCustomer = (profile?.orderCount ?? 0) === 0;
        profile = profileAfterEvent(profile, event, now);
        if (event.name === 'signup') continue;
        for (const membership of attributedTo(memberships, Date.parse(event.at))) {
          const counts = attributeEvent(event, membership, wasNewCustomer, marks);
          if (counts) attributed.push({ membership, counts });
        }
      }
      return profile && { profile, marks: liveMarks(marks, now), entered, seen: newest(seen) };
    },
    batch.profiles,
  );
  try {
    await applying;
  } finally {
    // Also when the write failed: its outcome may be unknown, and forgetting is harmless.
    if (fresh.length > 0)
      batch.applied.set(
        customerId,
        fresh.map((event) => event.eventId),
      );
  }
  if (fresh.length === 0) return events.map(() => undefined);
  for (const event of fresh) {
    if (event.name === 'signup') continue;
    batch.feed.addSignals(signalsOf(event, attributedTo(memberships, Date.parse(event.at)), deps));
  }
  for (const { membership, counts } of attributed) batch.feed.addCounts(membership, counts);
  batch.entries.push(...admitted.flat());
  const enrolled = new Map(
    fresh.map((event, position) => [event, (admitted[position] ?? []).map((entry) => entry.journeyId)]),
  );
  return events.map((event) => enrolled.get(event));
}

/** The ids still remembered at `now`, as a copy to add to. */
function unexpired(seen: SeenEvents, now: number): SeenEvents {
  return Object.fromEntries(Object.entries(seen).filter(([, until]) => until > now));
}

/** At most `MAX_SEEN_EVENTS` ids, the newest. */
function newest(seen: SeenEvents): SeenEvents {
  const entries = Object.entries(seen);
  if (entries.length <= MAX_SEEN_EVENTS) return seen;
  return Object.fromEntries(entries.sort(([, a], [, b]) => b - a).slice(0, MAX_SEEN_EVENTS));
}

/** Removes event ids a failed batch recorded; what the batch applied to the profile stays. */
async function forgetEvents(customerId: string, eventIds: readonly string[], deps: RuntimeDeps) {
  await deps.stores.customers.updateRecord(customerId, (current) => {
    if (!current.profile || !eventIds.some((eventId) => eventId in current.seen)) return undefined;
    const seen = { ...current.seen };
    for (const eventId of eventIds) delete seen[eventId];
    return { ...current, profile: current.profile, seen };
  });
}

/**
 * The entries one event makes in event journeys whose trigger it matches and whose re-entry rule
 * lets the customer in: never again, or after a cooldown. The event that made an entry is let in
 * again, so a batch retried after a failure buffers the entries its failed attempt recorded.
 * Records each entry in `entered`.
 */
function admit(
  event: CustomerEvent,
  entered: JourneyEntries,
  deps: RuntimeDeps,
  now: number,
): BufferedEntry[] {
  const admitted: BufferedEntry[] = [];
  for (const journey of deps.catalog.journeys.values()) {
    const entry = entryFor(journey, event, now, entered);
    if (!entry) continue;
    const last = entered[journey.id];
    const reentry = journey.entry.reentry;
    const allowed =
      last === undefined ||
      last.eventId === event.eventId ||
      (reentry !== 'never' && last.at <= now - durationSeconds(reentry.after) * 1000);
    if (!allowed) continue;
    if (last?.eventId !== event.eventId) entered[journey.id] = { at: now, eventId: event.eventId, ...entry };
    admitted.push({ journeyId: journey.id, customerId: event.customerId, ...entry });
  }
  return admitted;
}

/**
 * The window an event's entry joins: the one recorded when this same event entered before (a
 * batch retried after a failure must not enter the customer in a second window), else entryOf.
 */
function entryFor(journey: Journey, event: CustomerEvent, now: number, entered: JourneyEntries) {
  const entry = entryOf(journey, event, now);
  const last = entered[journey.id];
  if (entry && last?.eventId === event.eventId && last.minute !== undefined && last.enteredAt !== undefined)
    return { minute: last.minute, enteredAt: last.enteredAt };
  return entry;
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
  profiles: ProfileReads,
  deps: RuntimeDeps,
  now: number,
): Promise<void> {
  const marks = new Map<string, { journeyId: string; minute: string; buckets: Set<number> }>();
  for (const event of events) {
    const entered = profiles.get(event.customerId)?.entered ?? {};
    for (const journey of deps.catalog.journeys.values()) {
      const entry = entryFor(journey, event, now, entered);
      if (!entry) continue;
      const key = `${journey.id}\u0000${entry.minute}`;
      const mark = marks.get(key) ?? { journeyId: journey.id, minute: entry.minute, buckets: new Set() };
      mark.buckets.add(entryBucket(event.customerId));
      marks.set(key, mark);
    }
  }
  await Promise.all(
    [...marks.values()].map(({ journeyId, minute, buckets }) =>
      forJourney(journeyId, () =>
        deps.stores.pendingWork.markEntries(journeyId, minute, [...buckets].sort(), now),
      ),
    ),
  );
}
