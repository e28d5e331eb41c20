import { isConditionFailure } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { stateKeys } from '../dynamo/keys.ts';
import { queryAll } from '../dynamo/query.ts';
import { expiresAt, RETENTION } from '../dynamo/ttl.ts';

/** Which side of a holdout step a customer is on: stopped there, or gone on. */
export type HoldoutGroup = 'holdout' | 'treated';

/** Who of one cohort's shard passed a holdout step, in each group, and when (epoch ms). */
export interface HoldoutPassage {
  readonly holdout: Readonly<Record<string, number>>;
  readonly treated: Readonly<Record<string, number>>;
}

/** Where a holdout step's passages are filed: a run's step, at one shard. */
export interface PassagePlace {
  readonly runId: string;
  readonly stepId: string;
  readonly shard: number;
}

/** One cohort's passage that names the customer, with their group and when they passed. */
export interface HeldPassage extends PassagePlace {
  readonly cohortId: string;
  readonly group: HoldoutGroup;
  readonly passedAt: number;
}

export interface HoldoutPassageStore {
  /**
   * Adds customers to the passage of one cohort's shard at a holdout step, keeping those already
   * in it: that task is its only writer, and a retry adds what it still finds.
   */
  record(
    place: { runId: string; stepId: string; shard: number; cohortId: string },
    passage: HoldoutPassage,
    now: number,
  ): Promise<void>;
  /** The group each customer of a run's shard is in at a holdout step, for those who passed it. */
  groupsAt(runId: string, stepId: string, shard: number): Promise<Map<string, HoldoutGroup>>;
  /** The passages at these places that name the customer. */
  passagesOf(customerId: string, places: readonly PassagePlace[]): Promise<HeldPassage[]>;
  /**
   * Takes the customer out of these passages. The step's funnel rows keep their counts (the
   * held out are counted from the shard's exit notes), and an erased id has no run to attribute.
   */
  forget(customerId: string, passages: readonly HeldPassage[]): Promise<void>;
}

export class DynamoHoldoutPassageStore implements HoldoutPassageStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async record(
    place: { runId: string; stepId: string; shard: number; cohortId: string },
    passage: HoldoutPassage,
    now: number,
  ): Promise<void> {
    const key = stateKeys.holdoutPassage(place.runId, place.stepId, place.shard, place.cohortId);
    const { Item } = await this.client.get({ TableName: this.table, Key: key, ConsistentRead: true });
    const before = (Item ?? { holdout: {}, treated: {} }) as HoldoutPassage;
    await this.client.put({
      TableName: this.table,
      Item: {
        ...key,
        holdout: { ...before.holdout, ...passage.holdout },
        treated: { ...before.treated, ...passage.treated },
        expiresAt: expiresAt(now, RETENTION.cohortShard),
      },
    });
  }

  async groupsAt(runId: string, stepId: string, shard: number): Promise<Map<string, HoldoutGroup>> {
    const items = await queryAll<HoldoutPassage>(
      this.client,
      this.table,
      stateKeys.holdoutPassagesOf(runId, stepId, shard),
    );
    const groups = new Map<string, HoldoutGroup>();
    for (const item of items) {
      for (const customerId of Object.keys(item.treated ?? {})) groups.set(customerId, 'treated');
      for (const customerId of Object.keys(item.holdout ?? {})) groups.set(customerId, 'holdout');
    }
    return groups;
  }

  async passagesOf(customerId: string, places: readonly PassagePlace[]): Promise<HeldPassage[]> {
    const found = await Promise.all(
      places.map(async (place) => {
        type Item = HoldoutPassage & { sk: string };
        const pk = stateKeys.holdoutPassagesOf(place.runId, place.stepId, place.shard);
        const items = await queryAll<Item>(this.client, this.table, pk);
        return items.flatMap((item): HeldPassage[] =>
          (['holdout', 'treated'] as const).flatMap((group) => {
            const passedAt = item[group]?.[customerId];
            return passedAt === undefined ? [] : [{ ...place, cohortId: item.sk, group, passedAt }];
          }),
        );
      }),
    );
    return found.flat();
  }

  async forget(customerId: string, passages: readonly HeldPassage[]): Promise<void> {
    await Promise.all(
      passages.map(async (passage) => {
        try {
          await this.client.update({
            TableName: this.table,
            Key: stateKeys.holdoutPassage(passage.runId, passage.stepId, passage.shard, passage.cohortId),
            UpdateExpression: 'REMOVE #group.#customer',
            ConditionExpression: 'attribute_exists(#group.#customer)',
            ExpressionAttributeNames: { '#group': passage.group, '#customer': customerId },
          });
        } catch (error) {
          // Already gone: an earlier erasure of the same id took it.
          if (!isConditionFailure(error)) throw error;
        }
      }),
    );
  }
}
