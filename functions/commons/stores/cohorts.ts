import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CohortDescriptor } from '../../../workflows/contracts/execution.ts';
import { DAY_MS } from '../clock.ts';
import { stateKeys } from '../keys.ts';
import { batchWrite } from './batch.ts';
import { queryAll } from './query.ts';

/** How many customers one shard holds, and so one Lambda call handles. */
export const SHARD_SIZE = 500;

export interface CohortMember {
  readonly customerId: string;
  readonly enteredAt: number;
}

export interface CohortStore {
  /** Adds members to a shard and counts them in the cohort's shard registry. Idempotent per member. */
  addMembers(cohortId: string, shard: number, members: readonly CohortMember[]): Promise<void>;
  members(cohortId: string, shard: number): Promise<CohortMember[]>;
  removeMembers(cohortId: string, shard: number, customerIds: readonly string[]): Promise<void>;
  /** The cohort as the state machine sees it, from its registry of non-empty shards. */
  describe(cohortId: string): Promise<CohortDescriptor>;
}

export class DynamoCohortStore implements CohortStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionDays = 400,
  ) {}

  async addMembers(cohortId: string, shard: number, members: readonly CohortMember[]): Promise<void> {
    if (members.length === 0) return;
    const expiresAt = Math.floor((Date.now() + this.retentionDays * DAY_MS) / 1000);
    await batchWrite(
      this.client,
      this.table,
      members.map((member) => ({
        PutRequest: {
          Item: {
            ...stateKeys.cohortMember(cohortId, shard, member.customerId),
            customerId: member.customerId,
            enteredAt: member.enteredAt,
            expiresAt,
          },
        },
      })),
    );
    // Each (cohort, shard) is written by one task (a start, or the partition of the same shard number),
    // so its size is the number written; a retry writes the same members and sets the same size.
    const size = new Set(members.map((member) => member.customerId)).size;
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: stateKeys.cohortRegistry(cohortId, shard),
        UpdateExpression: 'SET #size = :size, #shard = :shard, expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#size': 'size', '#shard': 'shard' },
        ExpressionAttributeValues: { ':size': size, ':shard': shard, ':expiresAt': expiresAt },
      }),
    );
  }

  async members(cohortId: string, shard: number): Promise<CohortMember[]> {
    const items = await queryAll<CohortMember>(
      this.client,
      this.table,
      stateKeys.cohortShard(cohortId, shard),
    );
    return items.map(({ customerId, enteredAt }) => ({ customerId, enteredAt }));
  }

  async removeMembers(cohortId: string, shard: number, customerIds: readonly string[]): Promise<void> {
    await batchWrite(
      this.client,
      this.table,
      customerIds.map((customerId) => ({
        DeleteRequest: { Key: stateKeys.cohortMember(cohortId, shard, customerId) },
      })),
    );
  }

  async describe(cohortId: string): Promise<CohortDescriptor> {
    const registry = await queryAll<{ shard: number; size: number }>(
      this.client,
      this.table,
      stateKeys.cohortRegistry(cohortId, 0).pk,
    );
    const shards = registry.filter((entry) => entry.size > 0).sort((a, b) => a.shard - b.shard);
    return {
      id: cohortId,
      shards: shards.map((entry) => entry.shard),
      size: shards.reduce((sum, entry) => sum + entry.size, 0),
    };
  }
}
