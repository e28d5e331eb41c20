import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CohortDescriptor } from '../../../workflows/contracts/execution.ts';
import { DAY_MS } from '../clock.ts';
import { stateKeys } from '../keys.ts';
import { batchWrite, mapLimit } from './batch.ts';
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
          Item: { ...stateKeys.cohortMember(cohortId, shard, member.customerId), ...member, expiresAt },
        },
      })),
    );
    // The registry holds the shard's size as last written; a retried write sets the same value.
    const size = (await this.members(cohortId, shard)).length;
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: stateKeys.cohortRegistry(cohortId, shard),
        UpdateExpression: 'SET #size = :size, shard = :shard, expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#size': 'size' },
        ExpressionAttributeValues: { ':size': size, ':shard': shard, ':expiresAt': expiresAt },
      }),
    );
  }

  async members(cohortId: string, shard: number): Promise<CohortMember[]> {
    return queryAll<CohortMember>(this.client, this.table, stateKeys.cohortShard(cohortId, shard));
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

export { mapLimit };
