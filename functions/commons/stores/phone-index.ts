import { createHash } from 'node:crypto';
import { batchGet, isConditionFailure } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { stateKeys } from '../dynamo/keys.ts';

/** A number kept for more customers than this keeps the newest: a shared or recycled number. */
export const MAX_CUSTOMERS_PER_PHONE = 10;

/**
 * Which customers gave a phone number, for the replies that name only the number (STOP, START).
 * A profile that changes its number is taken out of the old number's entry once the new number
 * is written (ingest, import); an entry left by a write that failed between is harmless, since a
 * reader keeps only the customers whose profile still has the number.
 */
export interface PhoneIndexStore {
  /** Notes that `customerId` gave `phone` (E.164) at `at`. */
  add(phone: string, customerId: string, at: number): Promise<void>;
  /** The customers who gave `phone`, the latest first. */
  customersOf(phone: string): Promise<string[]>;
  /** Of these numbers, those under which the index keeps `customerId`. */
  numbersOf(customerId: string, phones: readonly string[]): Promise<string[]>;
  /** Takes the customer out of these numbers' entries (an erasure). */
  remove(customerId: string, phones: readonly string[]): Promise<void>;
}

/**
 * The key of a number: SHA-256 of it, so no number appears in the table's keys, its metrics or
 * a log of keys. A digest of a number can be found by trying every number, so the item is as
 * private as the profile that holds the number in clear.
 */
export const phoneDigest = (phone: string) =>
  createHash('sha256').update(`journeys/phone-index\u0000${phone}`).digest('base64url');

/** One item per number in the state table: the customers who gave it, each with when. */
export class DynamoPhoneIndexStore implements PhoneIndexStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async add(phone: string, customerId: string, at: number): Promise<void> {
    const key = stateKeys.phoneIndex(phoneDigest(phone));
    for (let attempt = 1; ; attempt += 1) {
      try {
        const output = await this.client.update({
          TableName: this.table,
          Key: key,
          UpdateExpression: 'SET customers.#customer = :at',
          ConditionExpression: 'attribute_exists(customers)',
          ExpressionAttributeNames: { '#customer': customerId },
          ExpressionAttributeValues: { ':at': at },
          ReturnValues: 'ALL_NEW',
        });
        return await this.#trim(key, output.Attributes?.customers as Record<string, number> | undefined);
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      // The number's first customer: the item is made with them, unless another writer made it first.
      try {
        await this.client.put({
          TableName: this.table,
          Item: { ...key, customers: { [customerId]: at } },
          ConditionExpression: 'attribute_not_exists(pk)',
        });
        return;
      } catch (error) {
        if (!isConditionFailure(error) || attempt >= 3) throw error;
      }
    }
  }

  async customersOf(phone: string): Promise<string[]> {
    const output = await this.client.get({
      TableName: this.table,
      Key: stateKeys.phoneIndex(phoneDigest(phone)),
      ConsistentRead: true,
    });
    return latestFirst(output.Item?.customers as Record<string, number> | undefined);
  }

  async numbersOf(customerId: string, phones: readonly string[]): Promise<string[]> {
    const byPk = new Map(phones.map((phone) => [stateKeys.phoneIndex(phoneDigest(phone)).pk, phone]));
    const items = await batchGet<{ pk: string; customers?: Record<string, number> }>(
      this.client,
      this.table,
      [...byPk.keys()].map((pk) => ({ pk, sk: 'customers' })),
      { consistent: true },
    );
    return items.flatMap((item) => {
      const phone = byPk.get(item.pk);
      return phone !== undefined && item.customers?.[customerId] !== undefined ? [phone] : [];
    });
  }

  async remove(customerId: string, phones: readonly string[]): Promise<void> {
    for (const phone of new Set(phones)) {
      try {
        await this.client.update({
          TableName: this.table,
          Key: stateKeys.phoneIndex(phoneDigest(phone)),
          UpdateExpression: 'REMOVE customers.#customer',
          ConditionExpression: 'attribute_exists(customers.#customer)',
          ExpressionAttributeNames: { '#customer': customerId },
        });
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
  }

  /** Drops the oldest customers past the bound, so a number shared by many keeps a small item. */
  async #trim(key: { pk: string; sk: string }, customers: Record<string, number> | undefined) {
    const dropped = latestFirst(customers).slice(MAX_CUSTOMERS_PER_PHONE);
    if (dropped.length === 0) return;
    await this.client.update({
      TableName: this.table,
      Key: key,
      UpdateExpression: `REMOVE ${dropped.map((_, index) => `customers.#c${index}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(dropped.map((id, index) => [`#c${index}`, id])),
    });
  }
}

function latestFirst(customers: Record<string, number> | undefined): string[] {
  return Object.entries(customers ?? {})
    .sort(([a, atA], [b, atB]) => atB - atA || a.localeCompare(b))
    .map(([customerId]) => customerId);
}
