import { batchWrite, isConditionFailure } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { removeMapKeys } from '../dynamo/item-writes.ts';
import { BUCKETS, bucketOf, stateKeys } from '../dynamo/keys.ts';
import { queryAll } from '../dynamo/query.ts';
import { MINUTE_MS } from '../runtime/clock.ts';
import { mapLimit } from '../util/concurrency.ts';

interface DeferredItem {
  readonly groupId: string;
  readonly payload: Record<string, unknown>;
  readonly sends?: Record<string, number>;
}

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
  /** When the first of them was due: what names this share of the item, without naming a customer. */
  readonly firstDueAt: number;
  readonly dueLater: boolean;
}

/** What finishing a group needs: which sends of which item went. */
export type FinishedGroup = Pick<DueDeferredGroup, 'place' | 'id' | 'due' | 'dueLater'>;

export const hourOf = (at: number) => new Date(at).toISOString().slice(0, 13);

/**
 * How long after its end an hour may still get deferrals: a shard or tick that began before the
 * hour files into it until it returns (start-cohorts may run 5 minutes), so it is kept in the
 * ticker's index a while longer.
 */
export const LATE_FILING_MS = 10 * MINUTE_MS;

/** Hours before this one are settled at `now`: nothing more is filed into them, so once read they are done. */
export const settledBefore = (now: number) => hourOf(now - LATE_FILING_MS);

/** Sends deferred for quiet hours or for the rate, filed per shard and due hour. */
export interface DeferralStore {
  /**
   * Files a group of sends until their due times, one item per due hour in one bucket (from the
   * group id), and says where: a campaign's shards spread over the buckets, so no partition takes
   * every deferral of a send step.
   */
  defer(group: DeferredGroup): Promise<DeferredPlace[]>;
  /** The filed groups at these places with sends due by `now`. */
  dueDeferred(places: readonly DeferredPlace[], now: number): Promise<DueDeferredGroup[]>;
  /** Takes the delivered sends out of their items (a group's item goes once none is left). */
  finishDeferred(groups: readonly FinishedGroup[]): Promise<void>;
  /**
   * The customer's sends still waiting at these places, in the groups of these shards and steps
   * (`<run>/<step>/<cohort>/<shard>`, as send.ts and paced-filing.ts name a group, paced groups
   * with a suffix): one query per place and shard step, which reads only that shard's groups.
   */
  deferredOf(
    customerId: string,
    places: readonly DeferredPlace[],
    groups: readonly string[],
  ): Promise<HeldDeferral[]>;
  /** Takes the customer's sends out of their items; an item left with none goes. */
  forgetDeferred(customerId: string, deferrals: readonly HeldDeferral[]): Promise<void>;
}

/** One of a customer's deferred sends: where it is filed, and which send step it is of. */
export interface HeldDeferral {
  readonly place: DeferredPlace;
  readonly id: string;
  readonly journeyId?: string;
  readonly runId?: string;
  readonly stepId?: string;
  readonly dueAt: number;
}

export class DynamoDeferralStore implements DeferralStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

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
      const dueSends = sends.filter(([, dueAt]) => dueAt <= now);
      const [first] = dueSends;
      if (!first) return [];
      const due = dueSends.map(([customerId]) => customerId);
      const dueLater = due.length < sends.length;
      return [{ place, id: item.groupId, payload: item.payload, due, firstDueAt: first[1], dueLater }];
    });
  }

  async finishDeferred(groups: readonly FinishedGroup[]): Promise<void> {
    const keyOf = (group: FinishedGroup) =>
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

  async deferredOf(
    customerId: string,
    places: readonly DeferredPlace[],
    groups: readonly string[],
  ): Promise<HeldDeferral[]> {
    const unique = [...new Map(places.map((place) => [`${place.hour}#${place.bucket}`, place])).values()];
    const reads = unique.flatMap((place) => groups.map((group) => ({ place, group })));
    const found = await mapLimit(reads, 16, async ({ place, group }) => {
      const pk = stateKeys.deferredPartition(place.hour, place.bucket);
      const items = await queryAll<DeferredItem>(this.client, this.table, pk, { prefix: group });
      return items.flatMap((item): HeldDeferral[] => {
        const dueAt = item.sends?.[customerId];
        // The prefix of shard 1 is also the prefix of shard 12: only the group itself, or its paced ones.
        if (dueAt === undefined || !(item.groupId === group || item.groupId.startsWith(`${group}/`)))
          return [];
        const { journeyId, runId, step } = item.payload as {
          journeyId?: string;
          runId?: string;
          step?: { id?: string };
        };
        return [{ place, id: item.groupId, journeyId, runId, stepId: step?.id, dueAt }];
      });
    });
    return found.flat();
  }

  async forgetDeferred(customerId: string, deferrals: readonly HeldDeferral[]): Promise<void> {
    await mapLimit(deferrals, 8, async ({ place, id }) => {
      const key = stateKeys.deferred(place.hour, place.bucket, id);
      try {
        const { Attributes } = await this.client.update({
          TableName: this.table,
          Key: key,
          UpdateExpression: 'REMOVE sends.#customer',
          ConditionExpression: 'attribute_exists(sends.#customer)',
          ExpressionAttributeNames: { '#customer': customerId },
          ReturnValues: 'ALL_NEW',
        });
        const item = Attributes as DeferredItem | undefined;
        const slots = (item?.payload as { pacedSlots?: Record<string, number> } | undefined)?.pacedSlots;
        if (slots?.[customerId] !== undefined)
          await this.client.update({
            TableName: this.table,
            Key: key,
            UpdateExpression: 'REMOVE payload.pacedSlots.#customer',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#customer': customerId },
          });
        // An item whose sends are all gone would wait for no one, for good (deferrals have no TTL).
        if (Object.keys(item?.sends ?? {}).length === 0)
          await this.client.delete({
            TableName: this.table,
            Key: key,
            ConditionExpression: 'size(sends) = :none',
            ExpressionAttributeValues: { ':none': 0 },
          });
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    });
  }
}
