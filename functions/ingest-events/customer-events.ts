import type { CustomerEvent, CustomerProfile } from '../../workflows/contracts/customer.ts';
import { changedPaths, type FieldTimes, withChangedAt } from '../../workflows/import/profile-fields.ts';
import {
  attributedTo,
  attributeEvent,
  liveMarks,
  type RunFeed,
  type RunSignal,
  signalsOf,
} from '../commons/cohorts/run-feed.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import {
  type AttributionMarks,
  DUPLICATE_WINDOW_MS,
  type JourneyEntries,
  MAX_SEEN_EVENTS,
  type ProfileReads,
  type SeenEvents,
} from '../commons/stores/customers.ts';
import type { BufferedEntry, Membership } from '../commons/stores/enrollments.ts';
import type { FunnelCounts, FunnelRow } from '../commons/stores/funnel.ts';
import { deliveryCount, type StepCounts } from './delivery-feedback.ts';
import {
  type IngestOthers,
  registerDevices,
  retireEndpoints,
  unregisterReasons,
} from './device-endpoints.ts';
import { admit } from './entries.ts';
import { profileAfterEvent } from './profile-update.ts';
import type { WrittenRecord } from './undo-batch.ts';

export interface BatchContext {
  readonly deps: RuntimeDeps;
  readonly now: number;
  readonly profiles: ProfileReads;
  /** Memberships of the batch's customers whose events may feed runs. */
  readonly memberships: ReadonlyMap<string, readonly Membership[]>;
  readonly feed: RunFeed;
  /** Counts of the send steps that delivery events are about. */
  readonly steps: StepCounts;
  /** Entries of the batch, written together once every event is applied. */
  readonly entries: BufferedEntry[];
  /** The event ids each customer's profile write recorded, to forget if the batch fails. */
  readonly applied: Map<string, readonly string[]>;
  /** Each profile record the batch wrote, with the one it replaced, to put back if the batch fails. */
  readonly written: Map<string, WrittenRecord>;
  /** Ingest of events the batch makes for other customers (a device's previous owner). */
  readonly ingestOthers: IngestOthers;
}

/** What became of one event of a customer; a failed one left nothing behind. */
export type EventOutcome =
  | { readonly status: 'accepted'; readonly enrolled: string[] }
  | { readonly status: 'duplicate' }
  | { readonly status: 'failed'; readonly error: unknown };

interface CustomerState {
  readonly profile: CustomerProfile | undefined;
  readonly marks: AttributionMarks;
  readonly entered: JourneyEntries;
}

/** One event applied to a customer's state, with what the batch writes for it besides the profile. */
interface AppliedEvent {
  readonly state: CustomerState;
  readonly admitted: BufferedEntry[];
  readonly attributed: { membership: Membership; counts: FunnelCounts }[];
  readonly signals: RunSignal[];
  readonly delivery?: FunnelRow;
}

/**
 * Applies one customer's events, in order, in one conditional write of the profile item: the
 * profile and tier, the re-entry rules of event journeys, the runs' attribution marks, and the
 * event ids, so that an id seen before is a duplicate. An event whose changes cannot be worked
 * out fails alone; the others are written. Then the batch gathers the entries, signals and funnel
 * counts to write. A failed write throws, with the ids it may have recorded in `batch.applied`.
 */
export async function applyCustomerEvents(
  events: readonly CustomerEvent[],
  batch: BatchContext,
): Promise<EventOutcome[]> {
  const { deps, now } = batch;
  const customerId = events[0]?.customerId ?? '';
  const memberships = batch.memberships.get(customerId) ?? [];
  // Push endpoints are made before the (pure) update stores them, and deleted once it has landed.
  const registrations = await registerDevices(
    events,
    batch.profiles.get(customerId),
    deps,
    now,
    batch.ingestOthers,
  );
  let devices: { before: CustomerProfile['devices']; after: CustomerProfile['devices'] } = {
    before: [],
    after: [],
  };
  let applied = new Map<CustomerEvent, AppliedEvent>();
  let failed = new Map<CustomerEvent, unknown>();
  let phoneToIndex: string | undefined;
  let phoneReplaced: string | undefined;
  let written: WrittenRecord | undefined;
  const writing = deps.stores.customers.updateRecord(
    customerId,
    (current) => {
      written = undefined;
      const seen = unexpired(current.seen, now);
      applied = new Map();
      failed = new Map();
      devices = { before: [], after: [] };
      phoneToIndex = undefined;
      phoneReplaced = undefined;
      let state: CustomerState = current;
      // When events changed each field, so an import of an older row leaves those fields alone.
      let changedAt: FieldTimes = current.changedAt ?? {};
      for (const event of events) {
        if (seen.has(event.eventId)) continue;
        if (registrations.failures.has(event)) {
          failed.set(event, registrations.failures.get(event));
          continue;
        }
        try {
          const step = applyEvent(
            state,
            event,
            memberships,
            deps,
            now,
            registrations.endpoints.get(event.eventId),
          );
          applied.set(event, step);
          if (step.state.profile)
            changedAt = withChangedAt(
              changedAt,
              changedPaths(state.profile, step.state.profile),
              Date.parse(event.at),
            );
          state = step.state;
          seen.set(event.eventId, now + DUPLICATE_WINDOW_MS);
        } catch (error) {
          failed.set(event, error);
        }
      }
      if (applied.size === 0 || !state.profile) return undefined;
      phoneToIndex = [...applied.keys()].some(namesPhone) ? state.profile.phone : undefined;
      const before = current.profile?.phone;
      phoneReplaced = before !== undefined && before !== state.profile.phone ? before : undefined;
      devices = { before: current.profile?.devices ?? [], after: state.profile.devices ?? [] };
      const after = {
        profile: state.profile,
        marks: liveMarks(state.marks, now),
        entered: state.entered,
        seen: newest(seen),
        changedAt,
      };
      written = { before: current, after };
      return after;
    },
    batch.profiles,
  );
  try {
    await writing;
    if (written) batch.written.set(customerId, written);
  } finally {
    // Also when the write failed: its outcome may be unknown, and forgetting is harmless.
    if (applied.size > 0)
      batch.applied.set(
        customerId,
        [...applied.keys()].map((event) => event.eventId),
      );
  }
  await retireEndpoints(devices, customerId, deps, unregisterReasons(applied.keys()));
  // Indexed once the profile has landed, so an SMS reply (STOP, START) finds its customer; a retry indexes again.
  if (phoneToIndex) await deps.stores.phoneIndex.add(phoneToIndex, customerId, now);
  // The number given up leaves the index once the new one is in: no entry names a customer for a number they no longer have.
  if (phoneReplaced) await deps.stores.phoneIndex.remove(customerId, [phoneReplaced]);
  for (const [{ eventId }, { admitted, attributed, signals, delivery }] of applied) {
    batch.feed.addSignals(signals);
    if (delivery) batch.steps.add(delivery, customerId, eventId);
    for (const { membership, counts } of attributed) batch.feed.addCounts(membership, counts, eventId);
    batch.entries.push(...admitted);
  }
  return events.map((event): EventOutcome => {
    const step = applied.get(event);
    if (step) return { status: 'accepted', enrolled: step.admitted.map((entry) => entry.journeyId) };
    return failed.has(event) ? { status: 'failed', error: failed.get(event) } : { status: 'duplicate' };
  });
}

/** One event on the customer's state; pure, and the state given is left as it was. */
function applyEvent(
  state: CustomerState,
  event: CustomerEvent,
  memberships: readonly Membership[],
  deps: RuntimeDeps,
  now: number,
  endpointArn?: string,
): AppliedEvent {
  const entered = { ...state.entered };
  const marks = { ...state.marks };
  const admitted = admit(event, entered, deps, now);
  const wasNewCustomer = (state.profile?.orderCount ?? 0) === 0;
  const profile = profileAfterEvent(state.profile, event, now, endpointArn);
  if (event.name === 'signup')
    return { state: { profile, marks, entered }, admitted, attributed: [], signals: [] };
  const attributing = attributedTo(memberships, Date.parse(event.at));
  const attributed = attributing.flatMap((membership) => {
    const counts = attributeEvent(event, membership, wasNewCustomer, marks);
    return counts ? [{ membership, counts }] : [];
  });
  const signals = signalsOf(event, attributing, deps);
  const delivery = deliveryCount(event);
  return { state: { profile, marks, entered }, admitted, attributed, signals, delivery };
}

/** The ids still remembered at `now`, as a map to add to (ids are customer data, not keys to look up on an object). */
function unexpired(seen: SeenEvents, now: number): Map<string, number> {
  return new Map(Object.entries(seen).filter(([, until]) => until > now));
}

/** At most `MAX_SEEN_EVENTS` ids, the newest. */
function newest(seen: ReadonlyMap<string, number>): SeenEvents {
  const entries = [...seen];
  if (entries.length <= MAX_SEEN_EVENTS) return Object.fromEntries(entries);
  return Object.fromEntries(entries.sort(([, a], [, b]) => b - a).slice(0, MAX_SEEN_EVENTS));
}

/** Whether an event gives the profile a phone number. */
const namesPhone = (event: CustomerEvent) =>
  (event.name === 'signup' || event.name === 'profile_updated') && event.properties.phone !== undefined;
