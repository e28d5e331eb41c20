import type { OutgoingMessage } from '../commons/channels/channel-adapter.ts';
import { sendKey } from '../commons/dynamo/keys.ts';
import type { SendDay } from '../commons/stores/claims.ts';
import type { ProfileReads } from '../commons/stores/customers.ts';
import type { HeldDeferral } from '../commons/stores/deferrals.ts';
import type { BufferedEntry, CustomerJourneys, Membership } from '../commons/stores/enrollments.ts';
import type { Tombstone } from '../commons/stores/erasures.ts';
import type { StoredEvent } from '../commons/stores/events.ts';
import type { HeldGrant } from '../commons/stores/grants.ts';
import type { HeldPassage } from '../commons/stores/holdout-passages.ts';
import type { InboxContents } from '../commons/stores/inbox.ts';
import type { StoredPushMessage } from '../commons/stores/push-messages.ts';
import type { LoggedSend } from '../commons/stores/send-log.ts';
import type { Signal } from '../commons/stores/signals.ts';
import type { RightsDeps } from './rights-deps.ts';
import { grantPlaces, passagePlaces, type RunPlace, runPlacesOf, sendLogPlaces } from './run-places.ts';

/** The profile item as stored: the profile, with its attribution marks, journey entries and event ids. */
export type StoredProfile = NonNullable<ReturnType<ProfileReads['get']>>;

/** A cohort shard that holds the customer: as a member, or in its notes of who left. */
export interface CohortPlace {
  readonly cohortId: string;
  readonly shard: number;
}

/** Everything held about one customer, each part read by key from the store that owns it. */
export interface CustomerHoldings {
  readonly customerId: string;
  readonly profile: StoredProfile | undefined;
  readonly timeline: readonly StoredEvent[];
  readonly journeys: CustomerJourneys;
  /** Every run the customer entered that may still hold records: from memberships, and trails once those expired. */
  readonly runs: readonly RunPlace[];
  readonly sendDays: readonly SendDay[];
  readonly entries: readonly BufferedEntry[];
  readonly cohortPlaces: readonly CohortPlace[];
  readonly signals: readonly Signal[];
  readonly sends: readonly LoggedSend[];
  readonly grants: readonly HeldGrant[];
  readonly passages: readonly HeldPassage[];
  readonly deferrals: readonly HeldDeferral[];
  readonly inbox: InboxContents;
  /** The numbers (from the profile and the timeline) under which the phone index keeps the customer. */
  readonly indexedPhones: readonly string[];
  readonly outbox: readonly OutgoingMessage[];
  /** The pushes SNS took, kept by message id for its delivery status logs. */
  readonly pushMessages: readonly StoredPushMessage[];
  readonly tombstone: Tombstone | undefined;
  /** Every item of the customer's own partition, whatever its kind, by sort key. */
  readonly partitionSortKeys: readonly string[];
}

/** Phone numbers the customer gave: the profile's, and those their events set before it. */
function phonesOf(profile: StoredProfile | undefined, timeline: readonly StoredEvent[]): string[] {
  const given = timeline.map((event) => event.properties.phone).filter((phone) => typeof phone === 'string');
  return [...new Set([...(profile?.phone ? [profile.phone] : []), ...given])];
}

/** Offers the customer may hold once ever: the catalog's, and any their events or messages name. */
function offersOf(
  deps: RightsDeps,
  timeline: readonly StoredEvent[],
  sends: readonly LoggedSend[],
): string[] {
  const named = timeline.flatMap((event) =>
    [event.properties.offerId, event.properties.couponOfferId].filter((offer) => typeof offer === 'string'),
  );
  const offered = sends.flatMap((send) => (send.offer === undefined ? [] : [send.offer]));
  return [...new Set([...deps.catalog.offers.keys(), ...named, ...offered])];
}

/** The shards of the customer's runs that hold them, read shard by shard. */
async function cohortPlacesOf(customerId: string, runs: readonly RunPlace[], deps: RightsDeps) {
  const reads = runs.flatMap(({ membership: { shard }, cohorts }) =>
    cohorts.map(async (cohortId) => {
      const state = await deps.stores.cohorts.read(cohortId, shard);
      const held = state.exited.has(customerId) || state.members.some((m) => m.customerId === customerId);
      return held ? [{ cohortId, shard }] : [];
    }),
  );
  return (await Promise.all(reads)).flat();
}

/** The live memberships, and the runs only a trail still names (their membership expired). */
function runsEntered(memberships: readonly Membership[], trails: readonly Membership[]): Membership[] {
  const key = (membership: Membership) => `${membership.journeyId}\u0000${membership.runId}`;
  const live = new Set(memberships.map(key));
  return [...memberships, ...trails.filter((trail) => !live.has(key(trail)))];
}

/**
 * Reads everything held about a customer. The profile and the customer's partition lead to the
 * rest: their runs (memberships and trails) to shards, signals, send logs, grants and holdout
 * passages; their entries and runs
 * to the entry buffer; their numbers to the phone index; their messages' keys to the outbox.
 */
export async function gatherHoldings(customerId: string, deps: RightsDeps): Promise<CustomerHoldings> {
  const { stores } = deps;
  const [reads, timeline, journeys, trails, sendDays, inbox, deferredPlaces, tombstone, partitionSortKeys] =
    await Promise.all([
      stores.customers.readForUpdate([customerId]),
      stores.events.wholeTimeline(customerId),
      stores.enrollments.journeysOf(customerId),
      stores.enrollments.trailsOf(customerId),
      stores.ledger.claimsOf(customerId),
      stores.inbox.contentsOf(customerId),
      stores.pendingWork.deferredPlaces(),
      stores.erasures.tombstoneOf(customerId),
      stores.customerPartition.sortKeysOf(customerId),
    ]);
  const profile = reads.get(customerId) ?? undefined;
  const runs = await runPlacesOf(runsEntered(journeys.memberships, trails), deps);
  const windows = [
    ...Object.entries(profile?.entered ?? {}).flatMap(([journeyId, entry]) =>
      entry.minute === undefined ? [] : [{ journeyId, minute: entry.minute }],
    ),
    ...runs.flatMap((run) =>
      run.window ? [{ journeyId: run.membership.journeyId, minute: run.window }] : [],
    ),
  ];
  const logPlaces = sendLogPlaces(runs);
  // A send step of a shard files its deferrals as the group "<run>/<step>/<cohort>/<shard>" (send.ts).
  const groups = logPlaces.map((place) => [place.runId, place.stepId, place.cohortId, place.shard].join('/'));
  const [entries, cohortPlaces, signals, sends, deferrals, indexedPhones, passages, pushMessages] =
    await Promise.all([
      stores.enrollments.bufferedEntriesOf(customerId, windows),
      cohortPlacesOf(customerId, runs, deps),
      Promise.all(
        runs.map((run) => stores.signals.signalsOf(customerId, run.membership.runId, run.membership.shard)),
      ),
      stores.ledger.recordsOf(customerId, logPlaces),
      stores.ledger.deferredOf(customerId, deferredPlaces, groups),
      stores.phoneIndex.numbersOf(customerId, phonesOf(profile, timeline)),
      stores.holdoutPassages.passagesOf(customerId, passagePlaces(runs)),
      stores.pushMessages.ofCustomer(customerId, partitionSortKeys),
    ]);
  const grants = await stores.ledger.grantsOf(customerId, offersOf(deps, timeline, sends), grantPlaces(runs));
  // A message is kept under its idempotency key: the claims, the send log and the inbox name them.
  const keys = [
    ...sendDays.flatMap((day) => day.keys),
    ...sends.map((send) => send.idempotencyKey),
    ...inbox.messages.map((message) => message.idempotencyKey),
    ...runs.flatMap((run) =>
      run.sendSteps.map((stepId) => sendKey(run.membership.runId, stepId, customerId)),
    ),
  ];
  const outbox = stores.outbox ? await stores.outbox.messagesOf(keys) : [];
  return {
    customerId,
    profile,
    timeline,
    journeys,
    runs,
    sendDays,
    entries,
    cohortPlaces,
    signals: signals.flat(),
    sends,
    grants,
    passages,
    deferrals,
    inbox,
    indexedPhones,
    outbox: outbox.filter((message) => message.customerId === customerId),
    pushMessages,
    tombstone,
    partitionSortKeys,
  };
}
