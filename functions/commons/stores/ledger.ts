import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../../workflows/schema/index.ts';
import { DAY_MS } from '../clock.ts';
import { BUCKETS, bucketOf, stateKeys } from '../keys.ts';
import { batchGet, batchWrite, isConditionFailure, mapLimit } from './batch.ts';
import { queryAll } from './query.ts';

export type SendOutcome =
  | 'sent'
  | 'skipped_consent'
  | 'skipped_unsubscribed'
  | 'deferred_quiet_hours'
  | 'capped';

/** One record per message: its idempotency key and what became of it. */
export interface SendRecord {
  readonly idempotencyKey: string;
  readonly journeyId: string;
  readonly runId: string;
  readonly stepId: string;
  readonly customerId: string;
  readonly channel: Channel;
  readonly template: string;
  readonly offer?: string;
  readonly outcome: SendOutcome;
  readonly at: number;
}

export type ClaimResult = 'claimed' | 'already_sent' | 'capped';

export interface DeferredSend {
  readonly idempotencyKey: string;
  readonly dueAt: number;
  readonly payload: Record<string, unknown>;
}

/** Where deferred sends wait: an hour, and one of its buckets. */
export interface DeferredPlace {
  readonly hour: string;
  readonly bucket: number;
}

/** A deferred send as stored, with the bucket it was filed under. */
export type FiledDeferredSend = DeferredSend & { readonly bucket: number };

export interface LedgerStore {
  /** Keys among these that some earlier attempt already claimed, today or yesterday. */
  claimedKeys(claims: readonly { customerId: string; key: string }[], now: number): Promise<Set<string>>;
  /**
   * One conditional write that is both the idempotency guard and the frequency cap: it records
   * the key in the customer's day item only if the key is new and the day's count is below the cap.
   */
  claimSend(customerId: string, key: string, now: number, capPerDay: number): Promise<ClaimResult>;
  recordSends(records: readonly SendRecord[]): Promise<void>;
  /**
   * Grants an offer to customers once per customer ever (per offer), or once per run and step.
   * Returns the customers granted now; the others already had it.
   */
  grant(scope: GrantScope, customerIds: readonly string[], now: number): Promise<Set<string>>;
  /** Files sends for later; returns their hours, for the pending-work index. */
  /**
   * Files sends until their due time, all in one bucket of each due hour (chosen from the first
   * send's key), and says where: a campaign's shards spread over the buckets, so no partition
   * takes every deferral of a send step.
   */
  defer(sends: readonly DeferredSend[]): Promise<DeferredPlace[]>;
  dueDeferred(places: readonly DeferredPlace[], now: number): Promise<FiledDeferredSend[]>;
  finishDeferred(sends: readonly FiledDeferredSend[]): Promise<void>;
  /**
   * Customers a run sent to, from the reached index. With `part`, only the index buckets `b` with
   * `b % part.of === part.index`: parts that parallel snapshot segments read on their own.
   */
  reachedCustomers(journeyId: string, runId: string, part?: { index: number; of: number }): Promise<string[]>;
}

export type GrantScope =
  | { readonly offerId: string; readonly once: true }
  | { readonly runId: string; readonly stepId: string; readonly once: false };

export function dayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

export const hourOf = (at: number) => new Date(at).toISOString().slice(0, 13);

export class DynamoLedgerStore implements LedgerStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claimedKeys(
    claims: readonly { customerId: string; key: string }[],
    now: number,
  ): Promise<Set<string>> {
    const days = [dayOf(now), dayOf(now - DAY_MS)];
    const customers = [...new Set(claims.map((claim) => claim.customerId))];
    const items = await batchGet<{ keys?: Set<string> }>(
      this.client,
      this.table,
      customers.flatMap((customerId) => days.map((day) => stateKeys.sendDay(customerId, day))),
    );
    const claimed = new Set(items.flatMap((item) => [...(item.keys ?? [])]));
    return new Set(claims.map((claim) => claim.key).filter((key) => claimed.has(key)));
  }

  async claimSend(customerId: string, key: string, now: number, capPerDay: number): Promise<ClaimResult> {
    // ADD creates the day item and its set on the customer's first message of the day, so one
    // conditional update serves every message.
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: stateKeys.sendDay(customerId, dayOf(now)),
          UpdateExpression:
            'ADD #keys :key, sentCount :one SET expiresAt = if_not_exists(expiresAt, :expiresAt)',
          ConditionExpression:
            '(attribute_not_exists(sentCount) OR sentCount < :cap) AND NOT contains(#keys, :keyValue)',
          ExpressionAttributeNames: { '#keys': 'keys' },
          ExpressionAttributeValues: {
            ':key': new Set([key]),
            ':keyValue': key,
            ':one': 1,
            ':cap': capPerDay,
            ':expiresAt': Math.floor((now + 3 * DAY_MS) / 1000),
          },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const already = await this.claimedKeys([{ customerId, key }], now);
    return already.has(key) ? 'already_sent' : 'capped';
  }

  async recordSends(records: readonly SendRecord[]): Promise<void> {
    const expiresAt = (at: number) => Math.floor((at + 400 * DAY_MS) / 1000);
    await batchWrite(this.client, this.table, [
      ...records.map((record) => ({
        PutRequest: {
          Item: { ...stateKeys.send(record.idempotencyKey), ...record, expiresAt: expiresAt(record.at) },
        },
      })),
      ...records
        .filter((record) => record.outcome === 'sent')
        .map((record) => ({
          PutRequest: {
            Item: {
              ...stateKeys.reached(record.journeyId, record.runId, record.customerId),
              reachedAt: record.at,
              expiresAt: expiresAt(record.at),
            },
          },
        })),
    ]);
  }

  async grant(scope: GrantScope, customerIds: readonly string[], now: number): Promise<Set<string>> {
    const keyOf = (customerId: string) =>
      scope.once
        ? stateKeys.grantOnce(scope.offerId, customerId)
        : stateKeys.grantInRun(scope.runId, scope.stepId, customerId);
    if (scope.once) {
      // Another run may grant the same offer at the same moment: only a conditional write decides.
      const granted = await mapLimit(customerIds, 16, async (customerId) => {
        try {
          await this.client.send(
            new PutCommand({
              TableName: this.table,
              Item: { ...keyOf(customerId), customerId, grantedAt: now },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
          return true;
        } catch (error) {
          if (isConditionFailure(error)) return false;
          throw error;
        }
      });
      return new Set(customerIds.filter((_, position) => granted[position]));
    }
    // A run's grants are written only by that run's step for this shard: a strongly consistent
    // read of what an earlier attempt wrote, then idempotent batch puts, give each customer one
    // grant. Only two attempts of one shard running at once (an at-least-once Map child) could
    // both count the same grant.
    const existing = await batchGet<{ customerId: string }>(this.client, this.table, customerIds.map(keyOf), {
      consistent: true,
    });
    const had = new Set(existing.map((item) => item.customerId));
    const fresh = customerIds.filter((customerId) => !had.has(customerId));
    await batchWrite(
      this.client,
      this.table,
      fresh.map((customerId) => ({
        PutRequest: { Item: { ...keyOf(customerId), customerId, grantedAt: now } },
      })),
    );
    return new Set(fresh);
  }

  async defer(sends: readonly DeferredSend[]): Promise<DeferredPlace[]> {
    const [first] = sends;
    if (!first) return [];
    const bucket = bucketOf(first.idempotencyKey, BUCKETS.deferred);
    await batchWrite(
      this.client,
      this.table,
      sends.map((send) => ({
        PutRequest: {
          Item: {
            ...stateKeys.deferred(hourOf(send.dueAt), bucket, send.dueAt, send.idempotencyKey),
            ...send,
            bucket,
          },
        },
      })),
    );
    return [...new Set(sends.map((send) => hourOf(send.dueAt)))].sort().map((hour) => ({ hour, bucket }));
  }

  async dueDeferred(places: readonly DeferredPlace[], now: number): Promise<FiledDeferredSend[]> {
    const pages = await Promise.all(
      places.map(({ hour, bucket }) =>
        queryAll<FiledDeferredSend>(this.client, this.table, stateKeys.deferredPartition(hour, bucket), {
          from: '0',
          to: `${new Date(now).toISOString()}#\uffff`, // keys are '<due time>#<key>'
        }),
      ),
    );
    return pages
      .flat()
      .filter((send) => send.dueAt <= now)
      .map(({ idempotencyKey, dueAt, payload, bucket }) => ({ idempotencyKey, dueAt, payload, bucket }))
      .sort((a, b) => a.dueAt - b.dueAt || a.idempotencyKey.localeCompare(b.idempotencyKey));
  }

  async finishDeferred(sends: readonly FiledDeferredSend[]): Promise<void> {
    await batchWrite(
      this.client,
      this.table,
      sends.map((send) => ({
        DeleteRequest: {
          Key: stateKeys.deferred(hourOf(send.dueAt), send.bucket, send.dueAt, send.idempotencyKey),
        },
      })),
    );
  }

  async reachedCustomers(journeyId: string, runId: string, part = { index: 0, of: 1 }): Promise<string[]> {
    const pages = await Promise.all(
      stateKeys
        .reachedPartitions(journeyId, runId)
        .filter((_, bucket) => bucket % part.of === part.index)
        .map((pk) => queryAll<{ sk: string }>(this.client, this.table, pk)),
    );
    return pages.flat().map((item) => item.sk);
  }
}
