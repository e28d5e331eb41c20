import type { CustomerEvent } from '../../workflows/contracts/customer.ts';
import { matchesProperties } from '../../workflows/evaluation/condition.ts';
import { durationSeconds } from '../../workflows/language/duration.ts';
import type { Journey } from '../../workflows/schema/index.ts';
import { cohortWindowMs, entryWindowStart } from '../commons/cohorts/cohort-window.ts';
import { entryBucket } from '../commons/dynamo/keys.ts';
import { minuteBucket } from '../commons/runtime/clock.ts';
import { forJourney } from '../commons/runtime/journey-scope.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import type { JourneyEntries, ProfileReads } from '../commons/stores/customers.ts';
import type { BufferedEntry } from '../commons/stores/enrollments.ts';

/** The customer's last entry in a journey; journey ids are only looked up among the recorded ones. */
const lastEntry = (entered: JourneyEntries, journeyId: string) =>
  Object.hasOwn(entered, journeyId) ? entered[journeyId] : undefined;

/**
 * The entries one event makes in event journeys whose trigger it matches and whose re-entry rule
 * lets the customer in: never again, or after a cooldown and while under the journey's max_entries. The event that made an entry is let in
 * again, so a batch retried after a failure buffers the entries its failed attempt recorded.
 * Records each entry in `entered`.
 */
export function admit(
  event: CustomerEvent,
  entered: JourneyEntries,
  deps: RuntimeDeps,
  now: number,
): BufferedEntry[] {
  const admitted: BufferedEntry[] = [];
  for (const journey of deps.catalog.journeys.values()) {
    const entry = entryFor(journey, event, now, entered);
    if (!entry) continue;
    const last = lastEntry(entered, journey.id);
    const reentry = journey.entry.reentry;
    const entries = last === undefined ? 0 : (last.entries ?? 1);
    const maxEntries = journey.entry.max_entries;
    const allowed =
      last === undefined ||
      last.eventId === event.eventId ||
      (reentry !== 'never' &&
        last.at <= now - durationSeconds(reentry.after) * 1000 &&
        (maxEntries === undefined || entries < maxEntries));
    if (!allowed) continue;
    if (last?.eventId !== event.eventId)
      entered[journey.id] = { at: now, eventId: event.eventId, ...entry, entries: entries + 1 };
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
  const last = lastEntry(entered, journey.id);
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

/** A window of a journey, and the buckets of the pending-work index to mark in it. */
export interface EntryMark {
  readonly journeyId: string;
  readonly minute: string;
  readonly buckets: Set<number>;
}

/**
 * Every window and bucket the events may buffer entries in, and the events whose windows could
 * not be worked out (with why): those must not be applied, as their entries would go unmarked.
 */
export function entryMarks<T extends { readonly event: CustomerEvent }>(
  events: readonly T[],
  profiles: ProfileReads,
  deps: RuntimeDeps,
  now: number,
): { marks: EntryMark[]; unmarked: Map<T, unknown> } {
  const marks = new Map<string, EntryMark>();
  const unmarked = new Map<T, unknown>();
  for (const item of events) {
    const { event } = item;
    const entered = profiles.get(event.customerId)?.entered ?? {};
    try {
      const entries = [...deps.catalog.journeys.values()].flatMap((journey) => {
        const entry = entryFor(journey, event, now, entered);
        return entry ? [{ journeyId: journey.id, minute: entry.minute }] : [];
      });
      for (const { journeyId, minute } of entries) {
        const key = `${journeyId}\u0000${minute}`;
        const mark = marks.get(key) ?? { journeyId, minute, buckets: new Set<number>() };
        mark.buckets.add(entryBucket(event.customerId));
        marks.set(key, mark);
      }
    } catch (error) {
      unmarked.set(item, error);
    }
  }
  return { marks: [...marks.values()], unmarked };
}

/**
 * Marks the pending-work index for every window and bucket, before any entry is written: an
 * entry is never left where the ticker would not look. A mark whose entries are all refused
 * (re-entry rules) only costs the ticker an empty read.
 */
export async function markEntryWindows(marks: readonly EntryMark[], deps: RuntimeDeps, now: number) {
  await Promise.all(
    marks.map(({ journeyId, minute, buckets }) =>
      forJourney(journeyId, () =>
        deps.stores.pendingWork.markEntries(journeyId, minute, [...buckets].sort(), now),
      ),
    ),
  );
}
