import { randomUUID } from 'node:crypto';
import { batchGet, isConditionFailure } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { stateKeys } from '../dynamo/keys.ts';
import { queryAll } from '../dynamo/query.ts';
import { expiresAt, RETENTION } from '../dynamo/ttl.ts';
import { DAY_MS } from '../runtime/clock.ts';

export type ClaimResult = 'claimed' | 'already_sent' | 'capped';

export function dayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Send claims: the conditional write per (customer, message) that is both the frequency cap and the guard against sending twice. */
export interface ClaimStore {
  /** Keys among these that some earlier attempt already claimed, today or yesterday. */
  claimedKeys(claims: readonly { customerId: string; key: string }[], now: number): Promise<Set<string>>;
  /**
   * One conditional write that is both the idempotency guard and the frequency cap: it records
   * the key in the customer's day item only if the key is new and the day's count is below the cap.
   */
  claimSend(customerId: string, key: string, now: number, capPerDay: number): Promise<ClaimResult>;
  /** The customer's send days still kept (today's and the two before), each with the keys it claimed. */
  claimsOf(customerId: string): Promise<SendDay[]>;
}

/** One day of a customer's claims: the idempotency keys of the messages counted against its cap. */
export interface SendDay {
  readonly day: string;
  readonly keys: readonly string[];
}

const SEND_DAY_SK = 'sends#';

export class DynamoClaimStore implements ClaimStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async claimedKeys(
    claims: readonly { customerId: string; key: string }[],
    now: number,
  ): Promise<Set<string>> {
    const days = [dayOf(now), dayOf(now - DAY_MS)];
    const customers = [...new Set(claims.map((claim) => claim.customerId))];
    const items = await batchGet<{ keys?: Set<string> }>(
      this.client,
      this.table,
      customers.flatMap((customerId) => days.map((day) => stateKeys.sendDay(customerId, day))),
    );
    const claimed = new Set(items.flatMap((item) => [...(item.keys ?? [])]));
    return new Set(claims.map((claim) => claim.key).filter((key) => claimed.has(key)));
  }

  async claimSend(customerId: string, key: string, now: number, capPerDay: number): Promise<ClaimResult> {
    // ADD creates the day item and its set on the customer's first message of the day, so one
    // conditional update serves every message. The condition is "not sent and (no count yet or
    // under the cap)" spelled without parentheses (AND binds tighter than OR): dynalite's parser
    // backtracks on parentheses, which doubled its CPU per claim.
    // The write carries a token of this call: when its answer is lost and the SDK sends it again,
    // the condition fails on the call's own claim, which the token tells from another attempt's.
    const token = randomUUID();
    const dayKey = stateKeys.sendDay(customerId, dayOf(now));
    try {
      await this.client.update({
        TableName: this.table,
        Key: dayKey,
        UpdateExpression:
          'ADD #keys :key, sentCount :one SET expiresAt = if_not_exists(expiresAt, :expiresAt), lastClaim = :token',
        ConditionExpression:
          'NOT contains(#keys, :keyValue) AND attribute_not_exists(sentCount) OR NOT contains(#keys, :keyValue) AND sentCount < :cap',
        ExpressionAttributeNames: { '#keys': 'keys' },
        ExpressionAttributeValues: {
          ':key': new Set([key]),
          ':keyValue': key,
          ':one': 1,
          ':cap': capPerDay,
          ':expiresAt': expiresAt(now, RETENTION.sendClaim),
          ':token': token,
        },
      });
      return 'claimed';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await this.client.get({ TableName: this.table, Key: dayKey, ConsistentRead: true });
    if ((Item as { lastClaim?: string } | undefined)?.lastClaim === token) return 'claimed';
    const already = await this.claimedKeys([{ customerId, key }], now);
    return already.has(key) ? 'already_sent' : 'capped';
  }

  async claimsOf(customerId: string): Promise<SendDay[]> {
    const { pk } = stateKeys.sendDay(customerId, '');
    const items = await queryAll<{ sk: string; keys?: Set<string> }>(this.client, this.table, pk, {
      prefix: SEND_DAY_SK,
    });
    return items.map((item) => ({
      day: item.sk.slice(SEND_DAY_SK.length),
      keys: [...(item.keys ?? [])].sort(),
    }));
  }
}
