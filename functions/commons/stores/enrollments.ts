import { DeleteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DAY_MS } from '../clock.ts';
import { stateKeys } from '../keys.ts';
import { batchWrite, isConditionFailure } from './batch.ts';
import { queryAll } from './query.ts';

/** A customer's place in one run of a journey: the shard they keep for the whole run. */
export interface Membership {
  readonly journeyId: string;
  readonly runId: string;
  readonly customerId: string;
  readonly shard: number;
  readonly enteredAt: number;
  readonly group: 'treated' | 'holdout';
  /** When attribution of orders to this run stops. */
  readonly attributeUntil: number;
  readonly firstAddToCartAt?: number;
  readonly firstOrderAt?: number;
}

export interface EnrollmentStore {
  /**
   * Records an entry if the re-entry rule allows it: never again, or only after a cooldown.
   * Conditional, so two events at once cannot both enroll the customer.
   */
  tryEnroll(
    customerId: string,
    journeyId: string,
    now: number,
    cooldownMs: number | 'never',
  ): Promise<boolean>;
  bufferEntry(journeyId: string, minute: string, customerId: string, enteredAt: number): Promise<void>;
  pendingMinutes(journeyId: string, before: string): Promise<string[]>;
  takeEntries(journeyId: string, minute: string): Promise<{ customerId: string; enteredAt: number }[]>;
  finishMinute(journeyId: string, minute: string): Promise<void>;
  putMemberships(memberships: readonly Membership[]): Promise<void>;
  membershipsOf(customerId: string): Promise<Membership[]>;
  /** Marks a first add-to-cart or order in a run; true only the first time, so people are counted once. */
  markFirst(membership: Membership, field: 'firstAddToCartAt' | 'firstOrderAt', at: number): Promise<boolean>;
}

export class DynamoEnrollmentStore implements EnrollmentStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async tryEnroll(
    customerId: string,
    journeyId: string,
    now: number,
    cooldownMs: number | 'never',
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: stateKeys.enrollment(customerId, journeyId),
          UpdateExpression: 'SET lastEnteredAt = :now ADD entries :one',
          ConditionExpression:
            cooldownMs === 'never'
              ? 'attribute_not_exists(pk)'
              : 'attribute_not_exists(pk) OR lastEnteredAt <= :earliest',
          ExpressionAttributeValues: {
            ':now': now,
            ':one': 1,
            ...(cooldownMs === 'never' ? {} : { ':earliest': now - cooldownMs }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async bufferEntry(journeyId: string, minute: string, customerId: string, enteredAt: number): Promise<void> {
    const expiresAt = Math.floor((enteredAt + 7 * DAY_MS) / 1000);
    await batchWrite(this.client, this.table, [
      {
        PutRequest: {
          Item: { ...stateKeys.entry(journeyId, minute, customerId), customerId, enteredAt, expiresAt },
        },
      },
      { PutRequest: { Item: { ...stateKeys.pendingMinute(journeyId, minute), expiresAt } } },
    ]);
  }

  async pendingMinutes(journeyId: string, before: string): Promise<string[]> {
    const pk = stateKeys.pendingMinute(journeyId, '').pk;
    const items = await queryAll<{ sk: string }>(this.client, this.table, pk, { from: '0', to: before });
    return items.map((item) => item.sk).filter((minute) => minute < before);
  }

  async takeEntries(journeyId: string, minute: string): Promise<{ customerId: string; enteredAt: number }[]> {
    const partitions = stateKeys.entryPartitions(journeyId, minute);
    const pages = await Promise.all(
      partitions.map((pk) =>
        queryAll<{ customerId: string; enteredAt: number }>(this.client, this.table, pk),
      ),
    );
    return pages.flat().sort((a, b) => a.customerId.localeCompare(b.customerId));
  }

  async finishMinute(journeyId: string, minute: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.table, Key: stateKeys.pendingMinute(journeyId, minute) }),
    );
  }

  async putMemberships(memberships: readonly Membership[]): Promise<void> {
    await batchWrite(
      this.client,
      this.table,
      memberships.map((membership) => ({
        PutRequest: {
          Item: {
            ...stateKeys.membership(membership.customerId, membership.journeyId, membership.runId),
            ...membership,
            expiresAt: Math.floor((membership.attributeUntil + 30 * DAY_MS) / 1000),
          },
        },
      })),
    );
  }

  async membershipsOf(customerId: string): Promise<Membership[]> {
    const { pk, skPrefix } = stateKeys.membershipsOf(customerId);
    return queryAll<Membership>(this.client, this.table, pk, { prefix: skPrefix });
  }

  async markFirst(
    membership: Membership,
    field: 'firstAddToCartAt' | 'firstOrderAt',
    at: number,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: stateKeys.membership(membership.customerId, membership.journeyId, membership.runId),
          UpdateExpression: 'SET #field = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#field)',
          ExpressionAttributeNames: { '#field': field },
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
