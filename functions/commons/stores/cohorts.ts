import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CohortDescriptor } from '../../../workflows/contracts/execution.ts';
import { DAY_MS } from '../clock.ts';
import { stateKeys } from '../keys.ts';
import { batchWrite, chunks, mapLimit } from './batch.ts';
import { queryAll } from './query.ts';

/** How many customers one shard holds, and so one Lambda call handles. */
export const SHARD_SIZE = 500;

/**
 * Removals per UpdateItem: each names a map key, and 100 of the longest customer ids stay well
 * inside DynamoDB's 4 KB expression limit.
 */
const REMOVALS_PER_UPDATE = 100;

export interface CohortMember {
  readonly customerId: string;
  readonly enteredAt: number;
}

export interface CohortStore {
  /**
   * Writes a shard's members and counts them in the cohort's shard registry. Each (cohort, shard)
   * is written by one task, so a retry writes the same members again (the last write wins).
   */
  writeShard(cohortId: string, shard: number, members: readonly CohortMember[]): Promise<void>;
  /** A shard's members, by customer id. */
  members(cohortId: string, shard: number): Promise<CohortMember[]>;
  removeMembers(cohortId: string, shard: number, customerIds: readonly string[]): Promise<void>;
  /** The cohort as the state machine sees it, from its registry of non-empty shards. */
  describe(cohortId: string): Promise<CohortDescriptor>;
}

interface ShardItem {
  /** customer id → entered at (epoch ms). */
  readonly members: Record<string, number>;
}

/**
 * A shard's members sit in one item (a map of at most 500 customer ids, under 70 KB at the
 * longest ids): writing a shard is one write of a few units instead of one unit per customer.
 */
export class DynamoCohortStore implements CohortStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionDays = 400,
  ) {}

  async writeShard(cohortId: string, shard: number, members: readonly CohortMember[]): Promise<void> {
    if (members.length === 0) return;
    if (members.length > SHARD_SIZE) {
      throw new Error(
        `shard ${shard} of ${cohortId} got ${members.length} members; at most ${SHARD_SIZE} fit`,
      );
    }
    const expiresAt = Math.floor((Date.now() + this.retentionDays * DAY_MS) / 1000);
    const byCustomer = new Map(members.map((member) => [member.customerId, member.enteredAt]));
    await batchWrite(this.client, this.table, [
      {
        PutRequest: {
          Item: {
            ...stateKeys.cohortShard(cohortId, shard),
            members: Object.fromEntries(byCustomer),
            expiresAt,
          },
        },
      },
      {
        PutRequest: {
          Item: { ...stateKeys.cohortRegistry(cohortId, shard), shard, size: byCustomer.size, expiresAt },
        },
      },
    ]);
  }

  async members(cohortId: string, shard: number): Promise<CohortMember[]> {
    const output = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: stateKeys.cohortShard(cohortId, shard),
        // The task before this one wrote the shard: it must be read as written.
        ConsistentRead: true,
      }),
    );
    const item = output.Item as ShardItem | undefined;
    return Object.entries(item?.members ?? {})
      .map(([customerId, enteredAt]) => ({ customerId, enteredAt }))
      .sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  }

  async removeMembers(cohortId: string, shard: number, customerIds: readonly string[]): Promise<void> {
    await mapLimit(chunks([...new Set(customerIds)], REMOVALS_PER_UPDATE), 4, async (group) => {
      const names = Object.fromEntries(group.map((customerId, index) => [`#m${index}`, customerId]));
      await this.client
        .send(
          new UpdateCommand({
            TableName: this.table,
            Key: stateKeys.cohortShard(cohortId, shard),
            UpdateExpression: `REMOVE ${Object.keys(names)
              .map((name) => `#members.${name}`)
              .join(', ')}`,
            // A shard that was never written has nobody to remove (and no map to remove from).
            ConditionExpression: 'attribute_exists(#members)',
            ExpressionAttributeNames: { '#members': 'members', ...names },
          }),
        )
        .catch((error: unknown) => {
          if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        });
    });
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
