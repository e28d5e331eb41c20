import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DAY_MS } from '../clock.ts';
import { stateKeys } from '../keys.ts';
import { batchGet, batchWrite } from './batch.ts';
import { queryAll } from './query.ts';

/** How long a run's memberships (and the attribution marks beside the profile) outlive its attribution. */
export const MEMBERSHIP_KEPT_MS = 30 * DAY_MS;

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
}

/** An entry waiting in its cohort window for the ticker. */
export interface BufferedEntry {
  readonly journeyId: string;
  /** The window's start minute. */
  readonly minute: string;
  readonly customerId: string;
  readonly enteredAt: number;
}

export interface EnrollmentStore {
  /**
   * For a scheduled audience: keeps the customers the re-entry rule lets in, and records their
   * entry. Batched, which is safe because one segment of one snapshot enrolls a customer at a
   * time; a retry of the same run sees the same audience, since the entry remembers the run.
   */
  enrollAudience(
    customerIds: readonly string[],
    journeyId: string,
    runId: string,
    now: number,
    cooldownMs: number | 'never',
  ): Promise<string[]>;
  /** Buffers entries in their windows' buckets (see entryBucket), which the pending-work index must name. */
  bufferEntries(entries: readonly BufferedEntry[]): Promise<void>;
  takeEntries(
    journeyId: string,
    minute: string,
    buckets: readonly number[],
  ): Promise<{ customerId: string; enteredAt: number }[]>;
  putMemberships(memberships: readonly Membership[]): Promise<void>;
  membershipsOf(customerId: string): Promise<Membership[]>;
}

export class DynamoEnrollmentStore implements EnrollmentStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async enrollAudience(
    customerIds: readonly string[],
    journeyId: string,
    runId: string,
    now: number,
    cooldownMs: number | 'never',
  ): Promise<string[]> {
    const previous = await batchGet<{
      pk: string;
      lastEnteredAt: number;
      entries?: number;
      lastRunId?: string;
    }>(
      this.client,
      this.table,
      customerIds.map((customerId) => stateKeys.enrollment(customerId, journeyId)),
    );
    const last = new Map(previous.map((item) => [item.pk, item]));
    const eligible = customerIds.filter((customerId) => {
      const entered = last.get(stateKeys.enrollment(customerId, journeyId).pk);
      if (!entered || entered.lastRunId === runId) return true;
      return cooldownMs !== 'never' && entered.lastEnteredAt <= now - cooldownMs;
    });
    await batchWrite(
      this.client,
      this.table,
      eligible.map((customerId) => {
        const key = stateKeys.enrollment(customerId, journeyId);
        const before = last.get(key.pk);
        const entries = (before?.entries ?? 0) + (before?.lastRunId === runId ? 0 : 1);
        return { PutRequest: { Item: { ...key, lastEnteredAt: now, lastRunId: runId, entries } } };
      }),
    );
    return eligible;
  }

  async bufferEntries(entries: readonly BufferedEntry[]): Promise<void> {
    await batchWrite(
      this.client,
      this.table,
      entries.map(({ journeyId, minute, customerId, enteredAt }) => ({
        PutRequest: {
          Item: {
            ...stateKeys.entry(journeyId, minute, customerId),
            customerId,
            enteredAt,
            expiresAt: Math.floor((enteredAt + 7 * DAY_MS) / 1000),
          },
        },
      })),
    );
  }

  async takeEntries(
    journeyId: string,
    minute: string,
    buckets: readonly number[],
  ): Promise<{ customerId: string; enteredAt: number }[]> {
    const pages = await Promise.all(
      buckets.map((bucket) =>
        queryAll<{ customerId: string; enteredAt: number }>(
          this.client,
          this.table,
          stateKeys.entryPartition(journeyId, minute, bucket),
        ),
      ),
    );
    return pages
      .flat()
      .map(({ customerId, enteredAt }) => ({ customerId, enteredAt }))
      .sort((a, b) => a.customerId.localeCompare(b.customerId));
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
            expiresAt: Math.floor((membership.attributeUntil + MEMBERSHIP_KEPT_MS) / 1000),
          },
        },
      })),
    );
  }

  async membershipsOf(customerId: string): Promise<Membership[]> {
    const { pk, skPrefix } = stateKeys.membershipsOf(customerId);
    return queryAll<Membership>(this.client, this.table, pk, { prefix: skPrefix });
  }
}
