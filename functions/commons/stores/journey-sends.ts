import { DateTime } from 'luxon';
import type { JourneyLimits } from '../../../workflows/schema/index.ts';
import { isConditionFailure } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { stateKeys } from '../dynamo/keys.ts';
import { expiresAt, RETENTION } from '../dynamo/ttl.ts';
import { dayOf } from './claims.ts';

/** The limits of a journey that count its messages per customer. */
export type CustomerLimits = Pick<JourneyLimits, 'messages_per_day' | 'messages_within' | 'messages_total'>;

export type JourneyClaimResult = 'claimed' | 'already_claimed' | 'capped';

/** Whether a journey's limits count messages per customer at all. */
export function countsPerCustomer(limits: JourneyLimits | undefined): limits is CustomerLimits {
  return (
    limits?.messages_per_day !== undefined ||
    limits?.messages_within !== undefined ||
    limits?.messages_total !== undefined
  );
}

/**
 * The messages one journey sent one customer, for its limits: one item per (customer, journey)
 * holding a count and the idempotency keys per day in the customer's zone, and the total. A claim reads it, checks
 * the limits, and writes it back under an optimistic version, so runs sending at once count
 * exactly; the keys make a retried claim of the same message a no-op.
 */
export interface JourneySendStore {
  claim(
    customerId: string,
    journeyId: string,
    key: string,
    now: number,
    limits: CustomerLimits,
    /** The customer's zone, whose calendar days the limits count. @default "UTC" */
    timezone?: string,
  ): Promise<JourneyClaimResult>;
  /** Gives back a claim whose message the frequency cap or the provider refused after all. */
  release(customerId: string, journeyId: string, key: string, now: number, timezone?: string): Promise<void>;
}

/** Days of counts kept: the longest timeframe, 30 days, and one more for a retry across midnight. */
const DAYS_KEPT = 31;
const ATTEMPTS = 8;

interface SendsItem {
  readonly version?: number;
  readonly total?: number;
  readonly [attribute: string]: unknown;
}

/** The calendar date in `timezone` `daysAgo` days before `at`: days, not 24 hours, across a DST change. */
export function localDay(at: number, timezone: string, daysAgo = 0): string {
  const zoned = DateTime.fromMillis(at, { zone: timezone });
  const local = zoned.isValid ? zoned : DateTime.fromMillis(at, { zone: 'UTC' });
  return local.minus({ days: daysAgo }).toISODate() ?? dayOf(at);
}

const countOf = (day: string) => `d#${day}`;
const keysOf = (day: string) => `k#${day}`;

export class DynamoJourneySendStore implements JourneySendStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async claim(
    customerId: string,
    journeyId: string,
    key: string,
    now: number,
    limits: CustomerLimits,
    timezone = 'UTC',
  ): Promise<JourneyClaimResult> {
    const itemKey = stateKeys.journeySends(customerId, journeyId);
    const today = localDay(now, timezone);
    for (let attempt = 1; ; attempt += 1) {
      const { Item } = await this.client.get({ TableName: this.table, Key: itemKey, ConsistentRead: true });
      const item = (Item ?? {}) as SendsItem;
      const claimedOn = [today, localDay(now, timezone, 1)].some((day) =>
        (item[keysOf(day)] as Set<string> | undefined)?.has(key),
      );
      if (claimedOn) return 'already_claimed';
      if (!withinLimits(item, (daysAgo) => localDay(now, timezone, daysAgo), limits)) return 'capped';
      const stale = Object.keys(item).filter(
        (name) => /^[dk]#\d{4}-\d{2}-\d{2}$/.test(name) && name.slice(2) < localDay(now, timezone, DAYS_KEPT),
      );
      try {
        await this.client.update({
          TableName: this.table,
          Key: itemKey,
          UpdateExpression: `ADD #count :one, #keys :key, #total :one, #version :one SET expiresAt = :expiresAt${
            stale.length > 0 ? ` REMOVE ${stale.map((_, index) => `#stale${index}`).join(', ')}` : ''
          }`,
          ConditionExpression:
            item.version === undefined ? 'attribute_not_exists(#version)' : '#version = :version',
          ExpressionAttributeNames: {
            '#count': countOf(today),
            '#keys': keysOf(today),
            '#total': 'total',
            '#version': 'version',
            ...Object.fromEntries(stale.map((name, index) => [`#stale${index}`, name])),
          },
          ExpressionAttributeValues: {
            ':one': 1,
            ':key': new Set([key]),
            ':expiresAt': expiresAt(now, RETENTION.sendRecord),
            ...(item.version === undefined ? {} : { ':version': item.version }),
          },
        });
        return 'claimed';
      } catch (error) {
        if (!isConditionFailure(error) || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  async release(
    customerId: string,
    journeyId: string,
    key: string,
    now: number,
    timezone = 'UTC',
  ): Promise<void> {
    // The claim's day: today, or yesterday for a message claimed before midnight and refused after.
    for (const day of [localDay(now, timezone), localDay(now, timezone, 1)]) {
      try {
        await this.client.update({
          TableName: this.table,
          Key: stateKeys.journeySends(customerId, journeyId),
          UpdateExpression: 'ADD #count :minusOne, #total :minusOne, #version :one DELETE #keys :key',
          ConditionExpression: 'contains(#keys, :keyValue)',
          ExpressionAttributeNames: {
            '#count': countOf(day),
            '#keys': keysOf(day),
            '#total': 'total',
            '#version': 'version',
          },
          ExpressionAttributeValues: { ':minusOne': -1, ':one': 1, ':key': new Set([key]), ':keyValue': key },
        });
        return;
      } catch (error) {
        // Released before, or not claimed that day: nothing to give back there.
        if (!isConditionFailure(error)) throw error;
      }
    }
  }
}

/** Whether one more message fits the day's, the timeframe's and the total limit; `dayAgo` names the days. */
function withinLimits(item: SendsItem, dayAgo: (daysAgo: number) => string, limits: CustomerLimits): boolean {
  const sentOn = (daysAgo: number) => Number(item[countOf(dayAgo(daysAgo))] ?? 0);
  if (limits.messages_per_day !== undefined && sentOn(0) >= limits.messages_per_day) return false;
  const within = limits.messages_within;
  if (within !== undefined) {
    let sent = 0;
    for (let daysAgo = 0; daysAgo < within.days; daysAgo += 1) sent += sentOn(daysAgo);
    if (sent >= within.count) return false;
  }
  return limits.messages_total === undefined || Number(item.total ?? 0) < limits.messages_total;
}
