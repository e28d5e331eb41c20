import { batchWrite, isConditionFailure } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { INBOX_MESSAGE_SK, stateKeys } from '../dynamo/keys.ts';
import { queryAll } from '../dynamo/query.ts';
import { expiresAt } from '../dynamo/ttl.ts';

/** What an in-app send puts in the inbox: the rendered message and which send it is. */
export interface InboxDelivery {
  readonly customerId: string;
  readonly idempotencyKey: string;
  readonly journeyId: string;
  readonly runId: string;
  readonly stepId: string;
  readonly template: string;
  readonly offer?: string;
  readonly subject?: string;
  readonly body: string;
  /** When this delivery was made; a redelivery keeps the time of the first. */
  readonly at: number;
}

/** A message of the inbox, as listed and read. Times are epoch ms. */
export interface InboxMessage extends Omit<InboxDelivery, 'at'> {
  /** Opaque and stable: the message's place in the inbox. */
  readonly id: string;
  readonly sentAt: number;
  readonly expiresAt: number;
  readonly readAt?: number;
  /** Whether the open was counted: its `in_app_opened` event was ingested. */
  readonly openCounted: boolean;
}

export interface InboxPage {
  readonly messages: readonly InboxMessage[];
  /** Where the next page starts, when there may be one. */
  readonly next?: string;
}

export interface InboxStore {
  /** Stores the message, or overwrites it in its first place when its send is delivered again. */
  put(delivery: InboxDelivery, keptForMs: number): Promise<void>;
  /** Messages not yet expired at `now`, newest first, `limit` at most, from the cursor of a previous page. */
  list(customerId: string, now: number, page: { limit: number; after?: string }): Promise<InboxPage>;
  /** Marks a message read (its first read time stays); undefined when there is none, or it expired. */
  markRead(customerId: string, id: string, now: number): Promise<InboxMessage | undefined>;
  /** Notes that the message's open was counted, so that a later read does not post it again. */
  markOpenCounted(customerId: string, id: string): Promise<void>;
  /** Everything in the customer's inbox, expired messages DynamoDB has not removed yet included. */
  contentsOf(customerId: string): Promise<InboxContents>;
  /** Deletes items that contentsOf named. */
  removeItems(customerId: string, sortKeys: readonly string[]): Promise<void>;
}

/** An inbox's messages (oldest first), and the sort keys of all its items, guards included. */
export interface InboxContents {
  readonly messages: readonly InboxMessage[];
  readonly sortKeys: readonly string[];
}

/** The place of a message, which sorts by time: "<ISO sent time>#<run>/<step>". */
const PLACE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[^/#]+\/[^/#]+$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A message id (and a page cursor) is its place in base64url: URL-safe, and it reads the item directly. */
export const inboxMessageId = (place: string) => Buffer.from(place, 'utf8').toString('base64url');

/** The place an id or cursor names, or undefined when it is not one this store made. */
export function placeOfId(id: string): string | undefined {
  if (!BASE64URL.test(id) || id.length > 600) return undefined;
  const place = Buffer.from(id, 'base64url').toString('utf8');
  return PLACE.test(place) ? place : undefined;
}

const placeOf = (sentAt: number, runId: string, stepId: string) =>
  `${new Date(sentAt).toISOString()}#${runId}/${stepId}`;

/** The inbox item's attributes besides its key; `expiresAt` is DynamoDB's TTL (epoch seconds). */
interface StoredMessage extends Omit<InboxDelivery, 'at'> {
  readonly sk: string;
  readonly sentAt: number;
  readonly expiresAt: number;
  readonly readAt?: number;
  readonly openCounted?: boolean;
}

/** The most query pages one list reads past expired messages that DynamoDB's TTL has not removed yet. */
const MAX_PAGES = 5;

export class DynamoInboxStore implements InboxStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async put(delivery: InboxDelivery, keptForMs: number): Promise<void> {
    const sentAt = await this.#firstDeliveryAt(delivery, keptForMs);
    const { at: _at, customerId, runId, stepId, ...fields } = delivery;
    const attributes: Record<string, unknown> = {
      ...fields,
      customerId,
      runId,
      stepId,
      sentAt,
      expiresAt: expiresAt(sentAt, keptForMs),
    };
    // A message without an offer or a title has no such attribute.
    const names = Object.keys(attributes).filter((name) => attributes[name] !== undefined);
    // An update, not a put: a redelivery after the customer read the message keeps its readAt.
    await this.client.update({
      TableName: this.table,
      Key: stateKeys.inboxMessage(customerId, placeOf(sentAt, runId, stepId)),
      UpdateExpression: `SET ${names.map((_, index) => `#a${index} = :v${index}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((name, index) => [`#a${index}`, name])),
      ExpressionAttributeValues: Object.fromEntries(
        names.map((name, index) => [`:v${index}`, attributes[name]]),
      ),
    });
  }

  /**
   * The time of the send's first delivery, which fixes its place: a conditional put of the guard
   * with this delivery's time, or, when an earlier delivery put it, the time it holds.
   */
  async #firstDeliveryAt(delivery: InboxDelivery, keptForMs: number): Promise<number> {
    const key = stateKeys.inboxGuard(delivery.customerId, delivery.runId, delivery.stepId);
    try {
      await this.client.put({
        TableName: this.table,
        Item: { ...key, sentAt: delivery.at, expiresAt: expiresAt(delivery.at, keptForMs) },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return delivery.at;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const stored = await this.client.get({ TableName: this.table, Key: key, ConsistentRead: true });
    return (stored.Item?.sentAt as number | undefined) ?? delivery.at;
  }

  async list(customerId: string, now: number, page: { limit: number; after?: string }): Promise<InboxPage> {
    const pk = stateKeys.inboxOf(customerId);
    const after = page.after === undefined ? undefined : placeOfId(page.after);
    if (page.after !== undefined && after === undefined)
      throw new Error('the inbox cursor is not one this store made');
    let startKey: Record<string, unknown> | undefined = after
      ? stateKeys.inboxMessage(customerId, after)
      : undefined;
    const found: StoredMessage[] = [];
    // One more than asked tells whether a next page exists; expired items are filtered out, which
    // may leave a page short, so reading goes on (a few pages at most) until it is full.
    for (let read = 0; read < MAX_PAGES && found.length <= page.limit; read += 1) {
      const output = await this.client.query({
        TableName: this.table,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        FilterExpression: '#expiresAt > :now',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#expiresAt': 'expiresAt' },
        ExpressionAttributeValues: { ':pk': pk, ':prefix': INBOX_MESSAGE_SK, ':now': now / 1000 },
        ScanIndexForward: false,
        Limit: page.limit + 1 - found.length,
        ExclusiveStartKey: startKey,
      });
      found.push(...((output.Items ?? []) as StoredMessage[]));
      startKey = output.LastEvaluatedKey;
      if (!startKey) break;
    }
    const messages = found.slice(0, page.limit).map(messageOf);
    const last = found.length > page.limit ? found[page.limit - 1]?.sk : (startKey?.sk as string | undefined);
    return last === undefined
      ? { messages }
      : { messages, next: inboxMessageId(last.slice(INBOX_MESSAGE_SK.length)) };
  }

  async markRead(customerId: string, id: string, now: number): Promise<InboxMessage | undefined> {
    const place = placeOfId(id);
    if (place === undefined) return undefined;
    try {
      const output = await this.client.update({
        TableName: this.table,
        Key: stateKeys.inboxMessage(customerId, place),
        UpdateExpression: 'SET readAt = if_not_exists(readAt, :now)',
        ConditionExpression: 'attribute_exists(pk) AND expiresAt > :nowSeconds',
        ExpressionAttributeValues: { ':now': now, ':nowSeconds': now / 1000 },
        ReturnValues: 'ALL_NEW',
      });
      return output.Attributes ? messageOf(output.Attributes as StoredMessage) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async markOpenCounted(customerId: string, id: string): Promise<void> {
    const place = placeOfId(id);
    if (place === undefined) return;
    try {
      await this.client.update({
        TableName: this.table,
        Key: stateKeys.inboxMessage(customerId, place),
        UpdateExpression: 'SET openCounted = :yes',
        // Never creates a message that expired and went in the meantime.
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':yes': true },
      });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async contentsOf(customerId: string): Promise<InboxContents> {
    const items = await queryAll<StoredMessage>(this.client, this.table, stateKeys.inboxOf(customerId));
    return {
      messages: items.filter((item) => item.sk.startsWith(INBOX_MESSAGE_SK)).map(messageOf),
      sortKeys: items.map((item) => item.sk),
    };
  }

  async removeItems(customerId: string, sortKeys: readonly string[]): Promise<void> {
    const pk = stateKeys.inboxOf(customerId);
    await batchWrite(
      this.client,
      this.table,
      sortKeys.map((sk) => ({ DeleteRequest: { Key: { pk, sk } } })),
    );
  }
}

function messageOf(item: StoredMessage): InboxMessage {
  return {
    id: inboxMessageId(item.sk.slice(INBOX_MESSAGE_SK.length)),
    customerId: item.customerId,
    idempotencyKey: item.idempotencyKey,
    journeyId: item.journeyId,
    runId: item.runId,
    stepId: item.stepId,
    template: item.template,
    ...(item.offer === undefined ? {} : { offer: item.offer }),
    ...(item.subject === undefined ? {} : { subject: item.subject }),
    body: item.body,
    sentAt: item.sentAt,
    expiresAt: item.expiresAt * 1000,
    ...(item.readAt === undefined ? {} : { readAt: item.readAt }),
    openCounted: item.openCounted === true,
  };
}
