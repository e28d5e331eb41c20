import { batchGet, batchWrite } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { ENROLLMENT_SK, MEMBERSHIP_SK, stateKeys } from '../dynamo/keys.ts';
import { queryAll } from '../dynamo/query.ts';
import { expiresAt, RETENTION } from '../dynamo/ttl.ts';
import { DAY_MS } from '../runtime/clock.ts';
import { trailPut, trailsOf } from './run-trails.ts';

/** How long a run's memberships (and the attribution marks beside the profile) outlive its attribution. */
export const MEMBERSHIP_KEPT_MS = 30 * DAY_MS;

/** A customer's place in one run of a journey: the shard they keep for the whole run. */
export interface Membership {
  readonly journeyId: string;
  readonly runId: string;
  readonly customerId: string;
  readonly shard: number;
  readonly enteredAt: number;
  readonly group: 'treated' | 'holdout';
  /** When attribution of orders to this run stops. */
  readonly attributeUntil: number;
}

/** An entry waiting in its cohort window for the ticker. */
export interface BufferedEntry {
  readonly journeyId: string;
  /** The window's start minute. */
  readonly minute: string;
  readonly customerId: string;
  readonly enteredAt: number;
}

/** A customer's record in a scheduled journey: the re-entry rule's, as an export lists it. */
export interface Enrollment {
  readonly journeyId: string;
  readonly lastEnteredAt: number;
  readonly entries: number;
  readonly lastRunId?: string;
}

/** What the customer's own partition holds of their journeys. */
export interface CustomerJourneys {
  readonly enrollments: readonly Enrollment[];
  readonly memberships: readonly Membership[];
}

/** A scheduled audience after the re-entry rule: who may enter, and their enrollments as read. */
export interface AdmittedAudience {
  readonly journeyId: string;
  readonly runId: string;
  readonly eligible: readonly string[];
  /** customer id → the enrollment read before (absent for a first entry). */
  readonly previous: ReadonlyMap<string, EnrollmentItem>;
}

/** A customer's place in one run, as their enrollment in a scheduled journey keeps it. */
type RunPlace = Pick<Membership, 'shard' | 'enteredAt' | 'group' | 'attributeUntil'>;

/**
 * A customer's enrollment in a scheduled journey: the re-entry rule's record, and their place in
 * each of its runs that still attributes (their run memberships, in the same write).
 */
interface EnrollmentItem {
  readonly pk: string;
  readonly lastEnteredAt: number;
  readonly entries?: number;
  readonly lastRunId?: string;
  readonly runs?: Record<string, RunPlace>;
}

export interface EnrollmentStore {
  /**
   * For a scheduled audience: the customers the re-entry rule lets in. A retry of the same run sees
   * the same audience, since the enrollment remembers the run.
   */
  admitAudience(
    customerIds: readonly string[],
    journeyId: string,
    runId: string,
    /** The run's scheduled time: the cooldown runs from one run's to the next's. */
    runAt: number,
    cooldownMs: number | 'never',
  ): Promise<AdmittedAudience>;
  /**
   * Records the admitted customers' entry, with their run memberships in the same items: one
   * write per customer and run. Batched, which is safe because one segment of one snapshot enrolls
   * a customer at a time.
   */
  enrollAudience(
    admitted: AdmittedAudience,
    memberships: readonly Membership[],
    runAt: number,
  ): Promise<void>;
  /** Buffers entries in their windows' buckets (see entryBucket), which the pending-work index must name. */
  bufferEntries(entries: readonly BufferedEntry[]): Promise<void>;
  takeEntries(
    journeyId: string,
    minute: string,
    buckets: readonly number[],
  ): Promise<{ customerId: string; enteredAt: number }[]>;
  /** Run memberships of event journeys (a scheduled journey's are in its enrollments). */
  putMemberships(memberships: readonly Membership[]): Promise<void>;
  /** Every run membership of a customer still kept: of event journeys and of scheduled ones. */
  membershipsOf(customerId: string): Promise<Membership[]>;
  /** The customer's enrollments in scheduled journeys and their run memberships, in one query. */
  journeysOf(customerId: string): Promise<CustomerJourneys>;
  /** Every run the customer entered whose records may still be kept, long after its membership went. */
  trailsOf(customerId: string): Promise<Membership[]>;
  /** The customer's entries in these windows that are still buffered (kept a week after the window). */
  bufferedEntriesOf(
    customerId: string,
    windows: readonly { journeyId: string; minute: string }[],
  ): Promise<BufferedEntry[]>;
  removeEntries(entries: readonly BufferedEntry[]): Promise<void>;
}

export class DynamoEnrollmentStore implements EnrollmentStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async admitAudience(
    customerIds: readonly string[],
    journeyId: string,
    runId: string,
    runAt: number,
    cooldownMs: number | 'never',
  ): Promise<AdmittedAudience> {
    const read = await batchGet<EnrollmentItem>(
      this.client,
      this.table,
      customerIds.map((customerId) => stateKeys.enrollment(customerId, journeyId)),
    );
    const byPk = new Map(read.map((item) => [item.pk, item]));
    const previous = new Map<string, EnrollmentItem>();
    for (const customerId of customerIds) {
      const item = byPk.get(stateKeys.enrollment(customerId, journeyId).pk);
      if (item) previous.set(customerId, item);
    }
    const eligible = customerIds.filter((customerId) => {
      const entered = previous.get(customerId);
      if (!entered || entered.lastRunId === runId) return true;
      return cooldownMs !== 'never' && entered.lastEnteredAt <= runAt - cooldownMs;
    });
    return { journeyId, runId, eligible, previous };
  }

  async enrollAudience(
    admitted: AdmittedAudience,
    memberships: readonly Membership[],
    runAt: number,
  ): Promise<void> {
    const { journeyId, runId } = admitted;
    const placeOf = new Map(memberships.map((membership) => [membership.customerId, membership]));
    await batchWrite(
      this.client,
      this.table,
      admitted.eligible.flatMap((customerId) => {
        const key = stateKeys.enrollment(customerId, journeyId);
        const before = admitted.previous.get(customerId);
        const entries = (before?.entries ?? 0) + (before?.lastRunId === runId ? 0 : 1);
        // Earlier runs' places stay while they are kept: their goal checks still need this customer's signals.
        const runs = Object.fromEntries(
          Object.entries(before?.runs ?? {}).filter(
            ([kept, place]) => kept !== runId && place.attributeUntil + MEMBERSHIP_KEPT_MS > runAt,
          ),
        );
        const place = placeOf.get(customerId);
        if (place) {
          const { shard, enteredAt, group, attributeUntil } = place;
          runs[runId] = { shard, enteredAt, group, attributeUntil };
        }
        const enrollment = {
          PutRequest: { Item: { ...key, lastEnteredAt: runAt, lastRunId: runId, entries, runs } },
        };
        return place ? [enrollment, trailPut(place)] : [enrollment];
      }),
    );
  }

  async bufferEntries(entries: readonly BufferedEntry[]): Promise<void> {
    await batchWrite(
      this.client,
      this.table,
      entries.map(({ journeyId, minute, customerId, enteredAt }) => ({
        PutRequest: {
          Item: {
            ...stateKeys.entry(journeyId, minute, customerId),
            customerId,
            enteredAt,
            expiresAt: expiresAt(enteredAt, RETENTION.bufferedEntry),
          },
        },
      })),
    );
  }

  async takeEntries(
    journeyId: string,
    minute: string,
    buckets: readonly number[],
  ): Promise<{ customerId: string; enteredAt: number }[]> {
    const pages = await Promise.all(
      buckets.map((bucket) =>
        queryAll<{ customerId: string; enteredAt: number }>(
          this.client,
          this.table,
          stateKeys.entryPartition(journeyId, minute, bucket),
        ),
      ),
    );
    return pages
      .flat()
      .map(({ customerId, enteredAt }) => ({ customerId, enteredAt }))
      .sort((a, b) => a.customerId.localeCompare(b.customerId));
  }

  async putMemberships(memberships: readonly Membership[]): Promise<void> {
    await batchWrite(
      this.client,
      this.table,
      memberships.flatMap((membership) => [
        {
          PutRequest: {
            Item: {
              ...stateKeys.membership(membership.customerId, membership.journeyId, membership.runId),
              ...membership,
              expiresAt: expiresAt(membership.attributeUntil, MEMBERSHIP_KEPT_MS),
            },
          },
        },
        trailPut(membership),
      ]),
    );
  }

  trailsOf(customerId: string): Promise<Membership[]> {
    return trailsOf(this.client, this.table, customerId);
  }

  async membershipsOf(customerId: string): Promise<Membership[]> {
    return [...(await this.journeysOf(customerId)).memberships];
  }

  async journeysOf(customerId: string): Promise<CustomerJourneys> {
    const range = stateKeys.membershipsOf(customerId);
    // One query for both kinds: enrollments ("enrolled#…") sort just before memberships ("run#…").
    type Item = (Membership | EnrollmentItem) & { sk: string };
    const items = await queryAll<Item>(this.client, this.table, range.pk, range);
    const enrollments: Enrollment[] = [];
    const memberships = items.flatMap((item): Membership[] => {
      if (item.sk.startsWith(MEMBERSHIP_SK)) {
        const { journeyId, runId, shard, enteredAt, group, attributeUntil } = item as Membership;
        return [{ journeyId, runId, customerId, shard, enteredAt, group, attributeUntil }];
      }
      const journeyId = item.sk.slice(ENROLLMENT_SK.length);
      const { lastEnteredAt, entries = 1, lastRunId, runs = {} } = item as EnrollmentItem;
      enrollments.push({ journeyId, lastEnteredAt, entries, ...(lastRunId ? { lastRunId } : {}) });
      return Object.entries(runs).map(([runId, place]) => ({ journeyId, runId, customerId, ...place }));
    });
    return { enrollments, memberships };
  }

  async bufferedEntriesOf(
    customerId: string,
    windows: readonly { journeyId: string; minute: string }[],
  ): Promise<BufferedEntry[]> {
    const byPk = new Map(
      windows.map((window) => [stateKeys.entry(window.journeyId, window.minute, customerId).pk, window]),
    );
    const items = await batchGet<{ pk: string; enteredAt: number }>(
      this.client,
      this.table,
      [...byPk.keys()].map((pk) => ({ pk, sk: customerId })),
    );
    return items.flatMap(({ pk, enteredAt }) => {
      const window = byPk.get(pk);
      return window ? [{ ...window, customerId, enteredAt }] : [];
    });
  }

  async removeEntries(entries: readonly BufferedEntry[]): Promise<void> {
    await batchWrite(
      this.client,
      this.table,
      entries.map(({ journeyId, minute, customerId }) => ({
        DeleteRequest: { Key: stateKeys.entry(journeyId, minute, customerId) },
      })),
    );
  }
}
