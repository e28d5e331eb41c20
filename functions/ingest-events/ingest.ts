import { CustomerEvent, type EventResult, MAX_EVENTS_PER_BATCH } from '../../workflows/contracts/customer.ts';
import { matchesProperties } from '../../workflows/evaluation/condition.ts';
import { durationSeconds } from '../../workflows/language/duration.ts';
import { minuteBucket } from '../commons/clock.ts';
import { cohortWindowMs, entryWindowStart } from '../commons/cohort-window.ts';
import type { RuntimeDeps } from '../commons/deps.ts';
import { PayloadTooLargeError } from '../commons/errors.ts';
import { feedMemberships } from '../commons/run-feed.ts';
import { mapLimit } from '../commons/stores/batch.ts';
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
  const accepted: CustomerEvent[] = [];
  await mapLimit([...byCustomer.values()], 16, async (entries) => {
    for (const { index, event } of [...entries].sort(
      (a, b) => Date.parse(a.event.at) - Date.parse(b.event.at),
    )) {
      results[index] = await ingestOne(event, index, deps);
      if (results[index]?.status === 'accepted') accepted.push(event);
    }
  });
  await deps.stores.events.appendToTimelines(accepted, deps.clock.now());
  deps.metrics.addMetric('EventsAccepted', 'Count', accepted.length);
  deps.metrics.addMetric(
    'EventsRejected',
    'Count',
    results.filter((result) => result.status === 'rejected').length,
  );
  return results;
}

async function ingestOne(event: CustomerEvent, index: number, deps: RuntimeDeps): Promise<EventResult> {
  const now = deps.clock.now();
  if (!(await deps.stores.events.claim(event.eventId, now)))
    return { index, eventId: event.eventId, status: 'duplicate' };
  try {
    let wasNewCustomer = false;
    // Enrollment reads only the event, so it need not wait for the profile.
    const [profile, enrolled] = await Promise.all([
      deps.stores.customers.update(event.customerId, (current) => {
        wasNewCustomer = (current?.orderCount ?? 0) === 0;
        return profileAfterEvent(current, event, now);
      }),
      enrollInEventJourneys(event, deps, now),
    ]);
    if (event.name !== 'signup' && profile) await feedRuns(event, wasNewCustomer, deps);
    return { index, eventId: event.eventId, status: 'accepted', enrolled };
  } catch (error) {
    // Give the id back so the retry of this event is processed, not taken for a duplicate.
    await deps.stores.events.release(event.eventId);
    throw error;
  }
}

async function enrollInEventJourneys(
  event: CustomerEvent,
  deps: RuntimeDeps,
  now: number,
): Promise<string[]> {
  const enrolled: string[] = [];
  for (const journey of deps.catalog.journeys.values()) {
    const trigger = journey.trigger;
    if (trigger.kind !== 'event' || trigger.event !== event.name) continue;
    if (!matchesProperties(event.properties as Record<string, unknown>, trigger.filter ?? [])) continue;
    const reentry = journey.entry.reentry;
    const cooldown = reentry === 'never' ? 'never' : durationSeconds(reentry.after) * 1000;
    if (!(await deps.stores.enrollments.tryEnroll(event.customerId, journey.id, now, cooldown))) continue;
    const window = cohortWindowMs(journey);
    const start = entryWindowStart(Date.parse(event.at), now, window);
    const minute = minuteBucket(start);
    // Entered when the event happened, or at the start of the later window a late event joins.
    const enteredAt = Math.max(Math.min(Date.parse(event.at), now), start);
    const bucket = await deps.stores.enrollments.bufferEntry(journey.id, minute, event.customerId, enteredAt);
    // Once per entry keeps the index correct even if the batch fails part-way; it is one small item.
    await deps.stores.pendingWork.markEntries(journey.id, minute, [bucket], now);
    enrolled.push(journey.id);
  }
  return enrolled;
}

/** Feeds the event to the runs the customer is in (see run-feed.ts). */
async function feedRuns(event: CustomerEvent, wasNewCustomer: boolean, deps: RuntimeDeps): Promise<void> {
  const at = Date.parse(event.at);
  const memberships = (await deps.stores.enrollments.membershipsOf(event.customerId)).filter(
    (membership) => at >= membership.enteredAt && at <= membership.attributeUntil,
  );
  await feedMemberships(event, memberships, wasNewCustomer, deps);
}
