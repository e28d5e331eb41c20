import type { SendLogPlace } from '../commons/dynamo/keys.ts';
import type { HeldDeferral } from '../commons/stores/deferrals.ts';
import type { BufferedEntry } from '../commons/stores/enrollments.ts';
import type { StoredEvent } from '../commons/stores/events.ts';
import type { HeldGrant } from '../commons/stores/grants.ts';
import type { HeldPassage } from '../commons/stores/holdout-passages.ts';
import type { Signal } from '../commons/stores/signals.ts';
import type { CohortPlace, CustomerHoldings } from './holdings.ts';
import type { ErasureCounts } from './rights-schemas.ts';

/**
 * What erasing one customer changes, store by store: what goes, and what stays under a pseudonym
 * (send records and run grants, which counts are set from). Worked out from what was read, with
 * no I/O, so the same holdings always give the same plan.
 */
export interface ErasurePlan {
  readonly customerId: string;
  /** SNS platform endpoints of the customer's push devices. */
  readonly endpoints: readonly string[];
  readonly outboxKeys: readonly string[];
  /** SNS message ids of the pushes kept for their delivery status; their pointers are partition items. */
  readonly pushMessageIds: readonly string[];
  readonly inboxSortKeys: readonly string[];
  readonly signals: readonly Signal[];
  readonly deferrals: readonly HeldDeferral[];
  readonly cohortPlaces: readonly CohortPlace[];
  readonly sendPlaces: readonly SendLogPlace[];
  readonly grants: readonly HeldGrant[];
  readonly passages: readonly HeldPassage[];
  readonly entries: readonly BufferedEntry[];
  readonly phones: readonly string[];
  readonly timeline: readonly StoredEvent[];
  /** Every item of the customer's own partition: enrollments, memberships, send days, and the like. */
  readonly partitionSortKeys: readonly string[];
  readonly profile: boolean;
  readonly removed: ErasureCounts;
}

const placeKey = (place: SendLogPlace) =>
  [place.journeyId, place.runId, place.stepId, place.cohortId, place.shard].join('\u0000');

/** The plan that leaves nothing of the customer but counts, and a tombstone. */
export function planErasure(holdings: CustomerHoldings): ErasurePlan {
  const devices = holdings.profile?.devices ?? [];
  const sendPlaces = [
    ...new Map(
      holdings.sends.map((send) => {
        const { journeyId, runId, stepId, cohortId, shard } = send;
        const place = { journeyId, runId, stepId, cohortId, shard };
        return [placeKey(place), place] as const;
      }),
    ).values(),
  ];
  const plan = {
    customerId: holdings.customerId,
    endpoints: [...new Set(devices.flatMap((device) => (device.endpointArn ? [device.endpointArn] : [])))],
    outboxKeys: holdings.outbox.map((message) => message.idempotencyKey),
    pushMessageIds: holdings.pushMessages.map((message) => message.messageId),
    inboxSortKeys: holdings.inbox.sortKeys,
    signals: holdings.signals,
    deferrals: holdings.deferrals,
    cohortPlaces: holdings.cohortPlaces,
    sendPlaces,
    grants: holdings.grants,
    passages: holdings.passages,
    entries: holdings.entries,
    phones: holdings.indexedPhones,
    timeline: holdings.timeline,
    partitionSortKeys: holdings.partitionSortKeys,
    profile: holdings.profile !== undefined,
  };
  return {
    ...plan,
    removed: {
      profile: plan.profile ? 1 : 0,
      timelineEvents: plan.timeline.length,
      partitionItems: plan.partitionSortKeys.length,
      entries: plan.entries.length,
      cohortPlaces: plan.cohortPlaces.length,
      signals: plan.signals.length,
      sendRecords: holdings.sends.length,
      grants: plan.grants.length,
      holdoutPassages: plan.passages.length,
      deferredSends: plan.deferrals.length,
      inboxItems: plan.inboxSortKeys.length,
      devices: devices.length,
      phoneIndexEntries: plan.phones.length,
      outboxMessages: plan.outboxKeys.length,
      pushMessages: plan.pushMessageIds.length,
    },
  };
}

/** Whether the plan changes nothing: the customer was erased before, or never known. */
export function isEmptyPlan(plan: ErasurePlan): boolean {
  return Object.values(plan.removed).every((count) => count === 0);
}
