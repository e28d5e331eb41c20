import type { Channel } from '../../../workflows/schema/index.ts';
import { batchGet, batchWrite, isConditionFailure } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { putOnVersion, removeMapKeys } from '../dynamo/item-writes.ts';
import { BUCKETS, bucketOf, type SendLogPlace, stateKeys } from '../dynamo/keys.ts';
import { queryAll } from '../dynamo/query.ts';
import { DAY_MS } from '../runtime/clock.ts';
import { mapLimit } from '../util/concurrency.ts';

export type SendOutcome =
  | 'sent'
  | 'skipped_consent'
  | 'skipped_unsubscribed'
  | 'deferred_quiet_hours'
  | 'capped';

/** One record per message: its idempotency key and what became of it, filed in its shard's send log. */
export interface SendRecord extends SendLogPlace {
  readonly idempotencyKey: string;
  readonly customerId: string;
  readonly channel: Channel;
  readonly template: string;
  readonly offer?: string;
  readonly outcome: SendOutcome;
  readonly at: number;
}

/** How many records of each outcome the send log items just written hold. */
export type OutcomeTally = Record<SendOutcome, number>;

export function tallyOutcomes(entries: Iterable<{ readonly outcome: SendOutcome }>): OutcomeTally {
  const tally: OutcomeTally = {
    sent: 0,
    skipped_consent: 0,
    skipped_unsubscribed: 0,
    deferred_quiet_hours: 0,
    capped: 0,
  };
  for (const entry of entries) tally[entry.outcome] += 1;
  return tally;
}

/** A message's entry in a send log item, under its customer id. */
export interface SendLogEntry {
  readonly idempotencyKey: string;
  readonly outcome: SendOutcome;
  readonly at: number;
}

interface DeferredItem {
  readonly groupId: string;
  readonly payload: Record<string, unknown>;
  readonly sends?: Record<string, number>;
}

interface GrantsItem {
  readonly customers?: Record<string, number>;
  readonly version?: number;
}

interface SendLogItem extends SendLogPlace {
  readonly pk: string;
  readonly sk: string;
  readonly channel: Channel;
  readonly template: string;
  readonly offer?: string;
  readonly messages: Record<string, SendLogEntry>;
  /** Counts the writes, so a merge never overwrites one it did not read. */
  readonly version?: number;
  readonly expiresAt: number;
}

export type ClaimResult = 'claimed' | 'already_sent' | 'capped';

/**
 * The sends of one shard's step that wait for their customers' mornings: filed together, one
 * item per due hour, not one per message.
 */
export interface DeferredGroup {
  /** The same shard and step always give the same id, so a retried shard files over its own item. */
  readonly id: string;
  /** What every send of the group needs when it is due, less the customer id. */
  readonly payload: Record<string, unknown>;
  /** When each customer's send is due, by customer id. */
  readonly dueAt: ReadonlyMap<string, number>;
}

/** Where deferred sends wait: an hour, and one of its buckets. */
export interface DeferredPlace {
  readonly hour: string;
  readonly bucket: number;
}

/** A filed group found at a tick: the customers due by then, and whether some are due later. */
export interface DueDeferredGroup {
  readonly place: DeferredPlace;
  readonly id: string;
  readonly payload: Record<string, unknown>;
  /** Customers whose send is due, in order of due time. */
  readonly due: readonly string[];
  readonly dueLater: boolean;
}

export interface LedgerStore {
  /** Keys among these that some earlier attempt already claimed, today or yesterday. */
  claimedKeys(claims: readonly { customerId: string; key: string }[], now: number): Promise<Set<string>>;
  /**
   * One conditional write that is both the idempotency guard and the frequency cap: it records
   * the key in the customer's day item only if the key is new and the day's count is below the cap.
   */
  claimSend(customerId: string, key: string, now: number, capPerDay: number): Promise<ClaimResult>;
  /**
   * Files each message's record in the send log of its shard and step, one item holding them all,
   * so a shard's records cost a write unit per kilobyte, not one write each. Records already in
   * the item are kept unless a new one replaces them (a deferred send delivered later, a retried
   * shard, an attempt still running beside its retry): each put is conditional on the version it
   * merged into. `logged` says the items are expected to exist, so they are read first. Returns
   * the outcomes of every record in the items written, earlier ones included.
   */
  recordSends(records: readonly SendRecord[], options: { logged: boolean }): Promise<OutcomeTally>;
  /** The records in the send log of one shard and step, by customer id. */
  loggedSends(place: SendLogPlace): Promise<Map<string, SendLogEntry>>;
  /**
   * Grants an offer to customers once per customer ever (per offer), or once per run and step.
   * Returns the customers granted now; the others already had it.
   */
  grant(scope: GrantScope, customerIds: readonly string[], now: number): Promise<Set<string>>;
  /**
   * Files a group of sends until their due times, one item per due hour in one bucket (from the
   * group id), and says where: a campaign's shards spread over the buckets, so no partition takes
   * every deferral of a send step.
   */
  defer(group: DeferredGroup): Promise<DeferredPlace[]>;
  dueDeferred(places: readonly DeferredPlace[], now: number): Promise<DueDeferredGroup[]>;
  /** Takes the delivered sends out of their items (a group's item goes once none is left). */
  finishDeferred(groups: readonly DueDeferredGroup[]): Promise<void>;
  /**
   * Customers a run sent to, from its send logs. With `part`, only the log buckets `b` with
   * `b % part.of === part.index`: a customer's records are all in their shard's bucket, so parts
   * are disjoint and parallel snapshot segments read their own.
   */
  reachedCustomers(journeyId: string, runId: string, part?: { index: number; of: number }): Promise<string[]>;
}

export type GrantScope =
  | { readonly offerId: string; readonly once: true }
  | { readonly runId: string; readonly stepId: string; readonly shard: number; readonly once: false };

export function dayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

export const hourOf = (at: number) => new Date(at).toISOString().slice(0, 13);

export class DynamoLedgerStore implements LedgerStore {
  constructor(
    private readonly client: DocumentClient,
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
    // conditional update serves every message. The condition is "not sent and (no count yet or
    // under the cap)" spelled without parentheses (AND binds tighter than OR): dynalite's parser
    // backtracks on parentheses, which doubled its CPU per claim.
    try {
      await this.client.update({
        TableName: this.table,
        Key: stateKeys.sendDay(customerId, dayOf(now)),
        UpdateExpression:
          'ADD #keys :key, sentCount :one SET expiresAt = if_not_exists(expiresAt, :expiresAt)',
        ConditionExpression:
          'NOT contains(#keys, :keyValue) AND attribute_not_exists(sentCount) OR NOT contains(#keys, :keyValue) AND sentCount < :cap',
        ExpressionAttributeNames: { '#keys': 'keys' },
        ExpressionAttributeValues: {
          ':key': new Set([key]),
          ':keyValue': key,
          ':one': 1,
          ':cap': capPerDay,
          ':expiresAt': Math.floor((now + 3 * DAY_MS) / 1000),
        },
      });
      return 'claimed';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const already = await this.claimedKeys([{ customerId, key }], now);
    return already.has(key) ? 'already_sent' : 'capped';
  }

  async recordSends(records: readonly SendRecord[], options: { logged: boolean }): Promise<OutcomeTally> {
    const items = new Map<string, SendLogItem>();
    for (const record of records) {
      const key = stateKeys.sendLog(record);
      const id = `${key.pk}\u0000${key.sk}`;
      const item = items.get(id) ?? {
        ...key,
        journeyId: record.journeyId,
        runId: record.runId,
        stepId: record.stepId,
        cohortId: record.cohortId,
        shard: record.shard,
        channel: record.channel,
        template: record.template,
        ...(record.offer === undefined ? {} : { offer: record.offer }),
        messages: {},
        expiresAt: Math.floor((record.at + 400 * DAY_MS) / 1000),
      };
      item.messages[record.customerId] = {
        idempotencyKey: record.idempotencyKey,
        outcome: record.outcome,
        at: record.at,
      };
      items.set(id, item);
    }
    const earlier = new Map<string, SendLogItem>();
    if (options.logged) {
      const found = await batchGet<SendLogItem>(
        this.client,
        this.table,
        [...items.values()].map(({ pk, sk }) => ({ pk, sk })),
        { consistent: true },
      );
      for (const item of found) earlier.set(`${item.pk}\u0000${item.sk}`, item);
    }
    // Each put goes over the records the item holds, conditional on the version it merged into.
    const written = await mapLimit([...items], 8, async ([id, item]) => {
      const { written: merged } = await putOnVersion<SendLogItem>(
        this.client,
        this.table,
        { pk: item.pk, sk: item.sk },
        (stored) => ({ ...item, messages: { ...stored?.messages, ...item.messages } }),
        // Read above when expected to exist, else tried as new.
        { assumeStored: { item: earlier.get(id) } },
      );
      return merged?.messages ?? {};
    });
    return tallyOutcomes(written.flatMap((messages) => Object.values(messages)));
  }

  async loggedSends(place: SendLogPlace): Promise<Map<string, SendLogEntry>> {
    const { Item: item } = await this.client.get({
      TableName: this.table,
      Key: stateKeys.sendLog(place),
      ConsistentRead: true,
    });
    return new Map(Object.entries((item as Pick<SendLogItem, 'messages'> | undefined)?.messages ?? {}));
  }

  async grant(scope: GrantScope, customerIds: readonly string[], now: number): Promise<Set<string>> {
    if (scope.once) {
      // Another run may grant the same offer at the same moment: only a conditional write decides.
      const granted = await mapLimit(customerIds, 16, async (customerId) => {
        try {
          await this.client.put({
            TableName: this.table,
            Item: { ...stateKeys.grantOnce(scope.offerId, customerId), customerId, grantedAt: now },
            ConditionExpression: 'attribute_not_exists(pk)',
          });
          return true;
        } catch (error) {
          if (isConditionFailure(error)) return false;
          throw error;
        }
      });
      return new Set(customerIds.filter((_, position) => granted[position]));
    }
    return this.#grantInRun(scope, customerIds, now);
  }

  /**
   * A run's grants to one shard's customers are one item, a map of customer id to time granted:
   * a strongly consistent read, then a put conditional on the version read. Sub-cohorts of the
   * shard that reach the step at once (or a retried attempt) retry on a newer version, so each
   * customer is granted once per run and step.
   */
  async #grantInRun(
    scope: Extract<GrantScope, { once: false }>,
    customerIds: readonly string[],
    now: number,
  ): Promise<Set<string>> {
    let fresh: string[] = [];
    await putOnVersion<GrantsItem>(
      this.client,
      this.table,
      stateKeys.grantsInRun(scope.runId, scope.stepId, scope.shard),
      (stored) => {
        const granted = stored?.customers ?? {};
        fresh = customerIds.filter((customerId) => granted[customerId] === undefined);
        if (fresh.length === 0) return undefined;
        return {
          runId: scope.runId,
          stepId: scope.stepId,
          shard: scope.shard,
          customers: { ...granted, ...Object.fromEntries(fresh.map((customerId) => [customerId, now])) },
        };
      },
    );
    return new Set(fresh);
  }

  async defer(group: DeferredGroup): Promise<DeferredPlace[]> {
    const bucket = bucketOf(group.id, BUCKETS.deferred);
    const byHour = new Map<string, Record<string, number>>();
    for (const [customerId, dueAt] of group.dueAt) {
      const sends = byHour.get(hourOf(dueAt)) ?? {};
      sends[customerId] = dueAt;
      byHour.set(hourOf(dueAt), sends);
    }
    await batchWrite(
      this.client,
      this.table,
      [...byHour].map(([hour, sends]) => ({
        PutRequest: {
          Item: {
            ...stateKeys.deferred(hour, bucket, group.id),
            groupId: group.id,
            payload: group.payload,
            sends,
          },
        },
      })),
    );
    return [...byHour.keys()].sort().map((hour) => ({ hour, bucket }));
  }

  async dueDeferred(places: readonly DeferredPlace[], now: number): Promise<DueDeferredGroup[]> {
    const pages = await Promise.all(
      places.map(async (place) => {
        const items = await queryAll<DeferredItem>(
          this.client,
          this.table,
          stateKeys.deferredPartition(place.hour, place.bucket),
        );
        return items.map((item) => ({ place, item }));
      }),
    );
    return pages.flat().flatMap(({ place, item }) => {
      const sends = Object.entries(item.sends ?? {}).sort(
        ([a, atA], [b, atB]) => atA - atB || a.localeCompare(b),
      );
      const due = sends.filter(([, dueAt]) => dueAt <= now).map(([customerId]) => customerId);
      if (due.length === 0) return [];
      return [{ place, id: item.groupId, payload: item.payload, due, dueLater: due.length < sends.length }];
    });
  }

  async finishDeferred(groups: readonly DueDeferredGroup[]): Promise<void> {
    const keyOf = (group: DueDeferredGroup) =>
      stateKeys.deferred(group.place.hour, group.place.bucket, group.id);
    await batchWrite(
      this.client,
      this.table,
      groups.filter((group) => !group.dueLater).map((group) => ({ DeleteRequest: { Key: keyOf(group) } })),
    );
    // Sends due later in the hour (a zone with a half-hour offset) stay in the item.
    await mapLimit(
      groups.filter((group) => group.dueLater),
      8,
      (group) => removeMapKeys(this.client, this.table, keyOf(group), 'sends', group.due),
    );
  }

  async reachedCustomers(journeyId: string, runId: string, part = { index: 0, of: 1 }): Promise<string[]> {
    const pages = await Promise.all(
      stateKeys
        .sendLogPartitions(journeyId, runId)
        .filter((_, bucket) => bucket % part.of === part.index)
        .map((pk) => queryAll<Pick<SendLogItem, 'messages'>>(this.client, this.table, pk)),
    );
    // A customer may have records in several items (several send steps), all in one bucket.
    const reached = new Set<string>();
    for (const item of pages.flat())
      for (const [customerId, entry] of Object.entries(item.messages ?? {}))
        if (entry.outcome === 'sent') reached.add(customerId);
    return [...reached].sort();
  }
}
