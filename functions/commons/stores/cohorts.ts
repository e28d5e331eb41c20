import { type CohortDescriptor, runOfCohort } from '../../../workflows/contracts/execution.ts';
import { batchWrite, isConditionFailure } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { removeMapKeys } from '../dynamo/item-writes.ts';
import { stateKeys } from '../dynamo/keys.ts';
import { queryAll } from '../dynamo/query.ts';
import { expiresAt, RETENTION } from '../dynamo/ttl.ts';
import type { Clock } from '../runtime/clock.ts';

/** How many customers one shard holds, and so one Lambda call handles. */
export const SHARD_SIZE = 500;

export interface CohortMember {
  readonly customerId: string;
  readonly enteredAt: number;
}

/** A shard's members, and who left it (customer id → why: the step of their goal exit, or HOLDOUT_EXIT). */
export interface ShardState {
  readonly members: CohortMember[];
  readonly exited: ReadonlyMap<string, string>;
}

/** Why a customer left their shard at entry: they were held out. */
export const HOLDOUT_EXIT = '$holdout';

/** Why a customer left their shard at entry: their profile failed the journey's entry condition. */
export const EXCLUDED_EXIT = '$excluded';

export interface CohortStore {
  /**
   * Sets a shard's members and its size in the cohort's shard registry; no members clears the
   * shard. Each (cohort, shard) is written by one task and the last write wins, so a retry that
   * finds fewer members leaves none of an earlier attempt's behind.
   */
  writeShard(cohortId: string, shard: number, members: readonly CohortMember[]): Promise<void>;
  /**
   * Adds members to a shard and keeps those already in it: a retried move adds what it still
   * finds. Answers how many the shard then holds.
   */
  addToShard(cohortId: string, shard: number, members: readonly CohortMember[]): Promise<number>;
  /** A shard's members, by customer id. */
  members(cohortId: string, shard: number): Promise<CohortMember[]>;
  /** A shard's members and who left it, in one read. */
  read(cohortId: string, shard: number): Promise<ShardState>;
  /**
   * Removes members; with `why`, notes each as exited for that reason in the same write, so the
   * count of a task's exits can be recomputed by its retry.
   */
  removeMembers(cohortId: string, shard: number, customerIds: readonly string[], why?: string): Promise<void>;
  /** The cohort as the state machine sees it, from its registry of non-empty shards. */
  describe(cohortId: string): Promise<CohortDescriptor>;
  /** Every cohort of a run that wrote this shard number (the ones a member of it may sit in). */
  cohortsOf(runId: string, shard: number): Promise<string[]>;
  /**
   * Takes an erased customer out of a shard: out of its members, and their exit note kept under
   * `pseudonym`, so a retried task still counts that exit. False when the shard never held them.
   */
  forgetMember(cohortId: string, shard: number, customerId: string, pseudonym: string): Promise<boolean>;
}

interface ShardItem {
  /** customer id → entered at (epoch ms). */
  readonly members: Record<string, number>;
  /** customer id → why they left (see ShardState). */
  readonly exited?: Record<string, string>;
}

/**
 * A shard's members sit in one item (a map of at most 500 customer ids: about 13 KB with short
 * ids, under 70 KB with the longest), so writing a shard costs one write billed by its size
 * instead of 500 writes. A removal is billed by the item's size too.
 */
export class DynamoCohortStore implements CohortStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
  ) {}

  async writeShard(
    cohortId: string,
    shard: number,
    members: readonly CohortMember[],
    exited: ReadonlyMap<string, string> = new Map(),
  ): Promise<void> {
    if (members.length > SHARD_SIZE) {
      throw new Error(
        `shard ${shard} of ${cohortId} got ${members.length} members; at most ${SHARD_SIZE} fit`,
      );
    }
    const expires = expiresAt(this.clock.now(), RETENTION.cohortShard);
    const byCustomer = new Map(members.map((member) => [member.customerId, member.enteredAt]));
    const key = stateKeys.cohortShard(cohortId, shard);
    await batchWrite(this.client, this.table, [
      byCustomer.size > 0
        ? {
            PutRequest: {
              Item: {
                ...key,
                members: Object.fromEntries(byCustomer),
                exited: Object.fromEntries(exited),
                expiresAt: expires,
              },
            },
          }
        : { DeleteRequest: { Key: key } },
      {
        PutRequest: {
          Item: {
            ...stateKeys.cohortRegistry(cohortId, shard),
            shard,
            size: byCustomer.size,
            expiresAt: expires,
          },
        },
      },
      // In the same batch, so no shard is ever written without the index that finds it.
      {
        PutRequest: {
          Item: { ...stateKeys.shardCohort(runOfCohort(cohortId), shard, cohortId), expiresAt: expires },
        },
      },
    ]);
  }

  async addToShard(cohortId: string, shard: number, members: readonly CohortMember[]): Promise<number> {
    const adding = new Set(members.map((member) => member.customerId));
    const present = await this.read(cohortId, shard);
    if (members.length === 0) return present.members.length;
    const all = [...present.members.filter((member) => !adding.has(member.customerId)), ...members];
    await this.writeShard(cohortId, shard, all, present.exited);
    return all.length;
  }

  async members(cohortId: string, shard: number): Promise<CohortMember[]> {
    return (await this.read(cohortId, shard)).members;
  }

  async read(cohortId: string, shard: number): Promise<ShardState> {
    const output = await this.client.get({
      TableName: this.table,
      Key: stateKeys.cohortShard(cohortId, shard),
      // The task before this one wrote the shard: it must be read as written.
      ConsistentRead: true,
    });
    const item = output.Item as ShardItem | undefined;
    const members = Object.entries(item?.members ?? {})
      .map(([customerId, enteredAt]) => ({ customerId, enteredAt }))
      .sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
    return { members, exited: new Map(Object.entries(item?.exited ?? {})) };
  }

  async removeMembers(
    cohortId: string,
    shard: number,
    customerIds: readonly string[],
    why?: string,
  ): Promise<void> {
    // A shard that was never written has nobody to remove.
    await removeMapKeys(
      this.client,
      this.table,
      stateKeys.cohortShard(cohortId, shard),
      'members',
      customerIds,
      why === undefined ? undefined : { attribute: 'exited', value: why },
    );
  }

  async describe(cohortId: string): Promise<CohortDescriptor> {
    // Read right after the shards were written (by a snapshot's segments or a partition).
    const registry = await queryAll<{ shard: number; size: number }>(
      this.client,
      this.table,
      stateKeys.cohortRegistry(cohortId, 0).pk,
      undefined,
      { consistent: true },
    );
    const shards = registry.filter((entry) => entry.size > 0).sort((a, b) => a.shard - b.shard);
    return {
      id: cohortId,
      shards: shards.map((entry) => entry.shard),
      size: shards.reduce((sum, entry) => sum + entry.size, 0),
    };
  }

  async cohortsOf(runId: string, shard: number): Promise<string[]> {
    const items = await queryAll<{ sk: string }>(
      this.client,
      this.table,
      stateKeys.shardCohortsOf(runId, shard),
    );
    return items.map((item) => item.sk);
  }

  async forgetMember(
    cohortId: string,
    shard: number,
    customerId: string,
    pseudonym: string,
  ): Promise<boolean> {
    const key = stateKeys.cohortShard(cohortId, shard);
    const { Item } = await this.client.get({ TableName: this.table, Key: key, ConsistentRead: true });
    const item = Item as ShardItem | undefined;
    const member = item?.members[customerId] !== undefined;
    const why = item?.exited?.[customerId];
    if (!member && why === undefined) return false;
    const removals = [
      ...(member ? ['members.#customer'] : []),
      ...(why === undefined ? [] : ['exited.#customer']),
    ];
    try {
      await this.client.update({
        TableName: this.table,
        Key: key,
        UpdateExpression: `REMOVE ${removals.join(', ')}${why === undefined ? '' : ' SET exited.#pseudonym = :why'}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: {
          '#customer': customerId,
          ...(why === undefined ? {} : { '#pseudonym': pseudonym }),
        },
        ...(why === undefined ? {} : { ExpressionAttributeValues: { ':why': why } }),
      });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    return true;
  }
}
