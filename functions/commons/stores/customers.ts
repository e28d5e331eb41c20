import { randomUUID } from 'node:crypto';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { CustomerProfile } from '../../../workflows/contracts/customer.ts';
import type { ImportMark } from '../../../workflows/import/merge.ts';
import type { FieldTimes } from '../../../workflows/import/profile-fields.ts';
import { batchGet, batchWrite, isConditionFailure } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { allOrFirstError } from '../util/concurrency.ts';
import type { AttributionMarks, JourneyEntries, SeenEvents } from './profile-marks.ts';

export {
  type AttributionMarks,
  DUPLICATE_WINDOW_MS,
  type JourneyEntries,
  MAX_SEEN_EVENTS,
  type SeenEvents,
} from './profile-marks.ts';

/** A profile item: the profile, and the attribution marks, journey entries and event ids stored beside it. */
export interface ProfileRecord {
  readonly profile: CustomerProfile | undefined;
  readonly marks: AttributionMarks;
  readonly entered: JourneyEntries;
  readonly seen: SeenEvents;
  /** When events last changed each field an import may set; kept as it was when a change leaves it out. */
  readonly changedAt?: FieldTimes;
  /** The file and row the profile was last imported from; kept as it was when a change leaves it out. */
  readonly imported?: ImportMark;
}

/** A change to a profile item; undefined leaves it as it is. */
export type ProfileChange = (
  current: ProfileRecord,
) => (ProfileRecord & { readonly profile: CustomerProfile }) | undefined;

export const runMarkKey = (journeyId: string, runId: string) => `${journeyId}/${runId}`;

export interface CustomerStore {
  get(customerId: string): Promise<CustomerProfile | undefined>;
  getMany(customerIds: readonly string[]): Promise<Map<string, CustomerProfile>>;
  putMany(profiles: readonly CustomerProfile[]): Promise<void>;
  /**
   * Strongly consistent reads ahead of updates, 100 customers a request; an update that finds its
   * customer here skips its own read, and keeps the entry current for the customer's next event.
   */
  readForUpdate(customerIds: readonly string[]): Promise<ProfileReads>;
  /** Read-modify-write with optimistic locking, so concurrent events never lose an update. */
  update(
    customerId: string,
    change: (current: CustomerProfile | undefined) => CustomerProfile | undefined,
    reads?: ProfileReads,
  ): Promise<CustomerProfile | undefined>;
  /** The same, for a change that also reads or sets attribution marks and journey entries. */
  updateRecord(customerId: string, change: ProfileChange, reads?: ProfileReads): Promise<ProfileRecord>;
  /** These customers' marks for one run, read in batches; customers without any are left out. */
  marksOf(
    journeyId: string,
    runId: string,
    customerIds: readonly string[],
  ): Promise<Map<string, AttributionMarks[string]>>;
  /**
   * One of `segments` equal parts of all profiles (a parallel scan's segment), page by page: an
   * audience snapshot reads each part in its own invocation.
   */
  scanSegment(
    segment: number,
    segments: number,
    onPage: (profiles: CustomerProfile[]) => Promise<void>,
  ): Promise<void>;
  /** About how many profiles there are (DynamoDB refreshes the figure about every six hours). */
  approximateCount(): Promise<number>;
  /** Deletes the profile item, with its marks, entries and event ids (an erasure). */
  remove(customerId: string): Promise<void>;
}

/** Each snapshot segment reads its part in this many scan segments at once. */
const SCANS_PER_SEGMENT = 4;

type StoredProfile = CustomerProfile & {
  pk: string;
  version: number;
  marks?: AttributionMarks;
  entered?: JourneyEntries;
  seen?: SeenEvents;
  changedAt?: FieldTimes;
  imported?: ImportMark;
  /** Set by each write: a retried put that finds its own id knows its first attempt landed. */
  writeId?: string;
};

/** Profiles as last read or written, by customer id; `null` when the customer has none yet. */
export type ProfileReads = Map<string, StoredProfile | null>;

export class DynamoCustomerStore implements CustomerStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async get(customerId: string): Promise<CustomerProfile | undefined> {
    const output = await this.client.get({ TableName: this.table, Key: { pk: customerId } });
    return output.Item ? strip(output.Item as StoredProfile) : undefined;
  }

  async getMany(customerIds: readonly string[]): Promise<Map<string, CustomerProfile>> {
    const items = await batchGet<StoredProfile>(
      this.client,
      this.table,
      [...new Set(customerIds)].map((pk) => ({ pk })),
    );
    return new Map(items.map((item) => [item.customerId, strip(item)]));
  }

  async putMany(profiles: readonly CustomerProfile[]): Promise<void> {
    await batchWrite(
      this.client,
      this.table,
      profiles.map((profile) => ({
        PutRequest: { Item: { ...profile, pk: profile.customerId, version: 1 } },
      })),
    );
  }

  async readForUpdate(customerIds: readonly string[]): Promise<ProfileReads> {
    const unique = [...new Set(customerIds)];
    const items = await batchGet<StoredProfile>(
      this.client,
      this.table,
      unique.map((pk) => ({ pk })),
      { consistent: true },
    );
    const reads: ProfileReads = new Map(unique.map((customerId) => [customerId, null]));
    for (const item of items) reads.set(item.pk, item);
    return reads;
  }

  async update(
    customerId: string,
    change: (current: CustomerProfile | undefined) => CustomerProfile | undefined,
    reads?: ProfileReads,
  ): Promise<CustomerProfile | undefined> {
    const changeRecord: ProfileChange = (current) => {
      const profile = change(current.profile);
      return profile && { ...current, profile };
    };
    return (await this.updateRecord(customerId, changeRecord, reads)).profile;
  }

  async updateRecord(
    customerId: string,
    change: ProfileChange,
    reads?: ProfileReads,
  ): Promise<ProfileRecord> {
    let landed: { writeId: string; next: ProfileRecord } | undefined;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const known = attempt === 0 ? reads?.get(customerId) : undefined;
      const current =
        known !== undefined
          ? (known ?? undefined)
          : ((await this.client.get({ TableName: this.table, Key: { pk: customerId }, ConsistentRead: true }))
              .Item as StoredProfile | undefined);
      // A put whose answer was lost (a timeout, a 5xx after the write) and that the SDK sent again
      // fails its condition against its own write: finding its id, it succeeded after all.
      if (landed && current?.writeId === landed.writeId) {
        reads?.set(customerId, current);
        return landed.next;
      }
      const before: ProfileRecord = {
        profile: current && strip(current),
        marks: current?.marks ?? {},
        entered: current?.entered ?? {},
        seen: current?.seen ?? {},
        ...(current?.changedAt ? { changedAt: current.changedAt } : {}),
        ...(current?.imported ? { imported: current.imported } : {}),
      };
      const next = change(before);
      if (!next) return before;
      const writeId = randomUUID();
      const changedAt = next.changedAt ?? current?.changedAt;
      const imported = next.imported ?? current?.imported;
      const item: StoredProfile = {
        ...next.profile,
        ...(Object.keys(next.marks).length > 0 ? { marks: next.marks } : {}),
        ...(Object.keys(next.entered).length > 0 ? { entered: next.entered } : {}),
        ...(Object.keys(next.seen).length > 0 ? { seen: next.seen } : {}),
        ...(changedAt && Object.keys(changedAt).length > 0 ? { changedAt } : {}),
        ...(imported ? { imported } : {}),
        pk: customerId,
        version: (current?.version ?? 0) + 1,
        writeId,
      };
      try {
        await this.client.put({
          TableName: this.table,
          Item: item,
          ConditionExpression: current ? 'version = :version' : 'attribute_not_exists(pk)',
          ExpressionAttributeValues: current ? { ':version': current.version } : undefined,
        });
        reads?.set(customerId, item);
        return next;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        landed = { writeId, next };
        reads?.delete(customerId);
      }
    }
    throw new Error(`customer ${customerId} kept changing under 10 attempts to update it`);
  }

  async marksOf(
    journeyId: string,
    runId: string,
    customerIds: readonly string[],
  ): Promise<Map<string, AttributionMarks[string]>> {
    const key = runMarkKey(journeyId, runId);
    const items = await batchGet<StoredProfile>(
      this.client,
      this.table,
      [...new Set(customerIds)].map((pk) => ({ pk })),
    );
    return new Map(
      items.flatMap((item) => {
        const marks = item.marks?.[key];
        return marks ? [[item.pk, marks] as const] : [];
      }),
    );
  }

  async scanSegment(
    segment: number,
    segments: number,
    onPage: (profiles: CustomerProfile[]) => Promise<void>,
  ): Promise<void> {
    if (!(Number.isInteger(segment) && segment >= 0 && segment < segments))
      throw new RangeError(`expected a segment from 0 to ${segments - 1}, got ${segment}`);
    const totalSegments = segments * SCANS_PER_SEGMENT;
    await allOrFirstError(
      Array.from({ length: SCANS_PER_SEGMENT }, async (_, part) => {
        let startKey: Record<string, unknown> | undefined;
        do {
          const output = await this.client.scan({
            TableName: this.table,
            Segment: segment * SCANS_PER_SEGMENT + part,
            TotalSegments: totalSegments,
            ExclusiveStartKey: startKey,
          });
          await onPage(((output.Items ?? []) as StoredProfile[]).map(strip));
          startKey = output.LastEvaluatedKey;
        } while (startKey);
      }),
    );
  }

  async approximateCount(): Promise<number> {
    const output = await this.client.base.send(new DescribeTableCommand({ TableName: this.table }));
    return output.Table?.ItemCount ?? 0;
  }

  async remove(customerId: string): Promise<void> {
    await this.client.delete({ TableName: this.table, Key: { pk: customerId } });
  }
}

function strip(item: StoredProfile): CustomerProfile {
  const {
    pk: _pk,
    version: _version,
    marks: _marks,
    entered: _entered,
    seen: _seen,
    changedAt: _changedAt,
    imported: _imported,
    writeId: _writeId,
    ...profile
  } = item;
  return profile;
}
