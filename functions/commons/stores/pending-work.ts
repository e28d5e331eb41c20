import type { DocumentClient } from '../dynamo/document-client.ts';
import { stateKeys } from '../dynamo/keys.ts';
import { queryAll } from '../dynamo/query.ts';
import { expiresAt, RETENTION } from '../dynamo/ttl.ts';
import type { DeferredPlace } from './deferrals.ts';

export interface PendingWork {
  /** Cohort windows (by their start minute) of event journeys with buffered entries, and the buckets they used. */
  readonly entries: { journeyId: string; minute: string; buckets: number[] }[];
  /** Hours holding deferred sends, and the buckets they used. */
  readonly deferred: DeferredPlace[];
}

/**
 * An index of the work the minute ticker has to do, so an idle tick costs one query whatever
 * the number of journeys, and a minute's entries are read from the buckets that hold some.
 */
export interface PendingWorkStore {
  markEntries(journeyId: string, minute: string, buckets: readonly number[], now: number): Promise<void>;
  markDeferred(place: DeferredPlace, now: number): Promise<void>;
  /** Entry windows that started before `minute`, and deferred hours up to `hour`. */
  due(minute: string, hour: string): Promise<PendingWork>;
  /** Every hour and bucket that holds deferred sends, due or not. */
  deferredPlaces(): Promise<DeferredPlace[]>;
  finishEntries(journeyId: string, minute: string): Promise<void>;
  finishDeferred(hour: string): Promise<void>;
}

type IndexItem = { sk: string; buckets?: Set<string> | string[] };

export class DynamoPendingWorkStore implements PendingWorkStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async markEntries(
    journeyId: string,
    minute: string,
    buckets: readonly number[],
    now: number,
  ): Promise<void> {
    await this.client.update({
      TableName: this.table,
      Key: stateKeys.pendingEntries(minute, journeyId),
      UpdateExpression: 'ADD buckets :buckets SET expiresAt = :expiresAt',
      ExpressionAttributeValues: {
        ':buckets': new Set(buckets.map(String)),
        ':expiresAt': expiresAt(now, RETENTION.pendingWork),
      },
    });
  }

  async markDeferred(place: DeferredPlace, now: number): Promise<void> {
    await this.client.update({
      TableName: this.table,
      Key: stateKeys.pendingDeferred(place.hour),
      UpdateExpression: 'ADD buckets :buckets SET expiresAt = :expiresAt',
      ExpressionAttributeValues: {
        ':buckets': new Set([String(place.bucket)]),
        ':expiresAt': expiresAt(now, RETENTION.pendingWork),
      },
    });
  }

  async due(minute: string, hour: string): Promise<PendingWork> {
    // "deferred#…" sorts before "entries#…", so one range covers both kinds.
    const items = await queryAll<IndexItem>(this.client, this.table, stateKeys.pendingDeferred('').pk, {
      from: 'deferred#',
      to: `entries#${minute}`,
    });
    const entries: PendingWork['entries'] = [];
    const deferred: DeferredPlace[] = [];
    const bucketsOf = (item: IndexItem) => [...(item.buckets ?? [])].map(Number).sort((a, b) => a - b);
    for (const item of items) {
      const [kind, time = '', journeyId = ''] = item.sk.split('#');
      if (kind === 'deferred' && time <= hour)
        deferred.push(...bucketsOf(item).map((bucket) => ({ hour: time, bucket })));
      if (kind === 'entries' && time < minute) {
        entries.push({ journeyId, minute: time, buckets: bucketsOf(item) });
      }
    }
    return { entries, deferred };
  }

  async deferredPlaces(): Promise<DeferredPlace[]> {
    const items = await queryAll<IndexItem>(this.client, this.table, stateKeys.pendingDeferred('').pk, {
      prefix: 'deferred#',
    });
    return items.flatMap((item) =>
      [...(item.buckets ?? [])].map((bucket) => ({
        hour: item.sk.slice('deferred#'.length),
        bucket: Number(bucket),
      })),
    );
  }

  async finishEntries(journeyId: string, minute: string): Promise<void> {
    await this.client.delete({ TableName: this.table, Key: stateKeys.pendingEntries(minute, journeyId) });
  }

  async finishDeferred(hour: string): Promise<void> {
    await this.client.delete({ TableName: this.table, Key: stateKeys.pendingDeferred(hour) });
  }
}
