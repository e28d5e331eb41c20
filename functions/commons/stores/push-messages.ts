import { batchGet, batchWrite, putAllFor } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { SNS_MESSAGE_SK, stateKeys } from '../dynamo/keys.ts';
import { expiresAt, RETENTION } from '../dynamo/ttl.ts';
import type { Clock } from '../runtime/clock.ts';

/** The platform key of the endpoint a push went to, as SNS names it in the endpoint's ARN. */
export type PushMessagePlatform = 'APNS' | 'APNS_SANDBOX' | 'GCM';

/** One Publish SNS took: which send it was, to whom, on which platform. No token, no text. */
export interface PushMessage {
  /** SNS's MessageId of the Publish, which its delivery status log names. */
  readonly messageId: string;
  readonly customerId: string;
  readonly idempotencyKey: string;
  readonly journeyId: string;
  readonly runId: string;
  readonly stepId: string;
  readonly platform: PushMessagePlatform;
}

/** A remembered push, with when it was published. */
export interface StoredPushMessage extends PushMessage {
  readonly publishedAt: number;
}

/**
 * The pushes SNS took, for its delivery status logs, which name a message only by its id: the
 * push-feedback function reads which send each was, to count it delivered or failed at its step.
 */
export interface PushMessageStore {
  /** Stores a push; pushes remembered at the same moment go in one BatchWriteItem. */
  remember(message: PushMessage): Promise<void>;
  /** The pushes of these message ids that are still kept, by message id. */
  find(messageIds: readonly string[]): Promise<Map<string, StoredPushMessage>>;
  /** The customer's pushes, given the sort keys of their partition (which hold the pointers). */
  ofCustomer(customerId: string, partitionSortKeys: readonly string[]): Promise<StoredPushMessage[]>;
  /** Deletes those pushes' items; their pointers go with the customer's partition. */
  forget(messageIds: readonly string[]): Promise<void>;
}

/** The message ids the pointers among a customer's partition sort keys name. */
export function pushMessageIdsOf(partitionSortKeys: readonly string[]): string[] {
  return partitionSortKeys
    .filter((sk) => sk.startsWith(SNS_MESSAGE_SK))
    .map((sk) => sk.slice(SNS_MESSAGE_SK.length));
}

/**
 * Two items per push, both kept 3 days (TTL): the push under its message id (`sns-message#<id>`),
 * which a log line finds with one read, and a bare pointer in the customer's partition
 * (`customer#<id>`, `sns-message#<id>`), which an erasure lists with the rest of that partition.
 * The log names no customer, so the lookup cannot live in their partition alone.
 */
export class DynamoPushMessageStore implements PushMessageStore {
  #pending: { message: PushMessage; done: () => void; failed: (error: unknown) => void }[] = [];

  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
  ) {}

  remember(message: PushMessage): Promise<void> {
    return new Promise((done, failed) => {
      this.#pending.push({ message, done, failed });
      if (this.#pending.length === 1) setImmediate(() => void this.#flush());
    });
  }

  async find(messageIds: readonly string[]): Promise<Map<string, StoredPushMessage>> {
    const ids = [...new Set(messageIds)];
    if (ids.length === 0) return new Map();
    const items = await batchGet<StoredPushMessage>(this.client, this.table, ids.map(stateKeys.snsMessage));
    return new Map(items.map((item) => [item.messageId, messageOf(item)]));
  }

  async ofCustomer(customerId: string, partitionSortKeys: readonly string[]): Promise<StoredPushMessage[]> {
    const found = await this.find(pushMessageIdsOf(partitionSortKeys));
    return [...found.values()].filter((message) => message.customerId === customerId);
  }

  async forget(messageIds: readonly string[]): Promise<void> {
    await batchWrite(
      this.client,
      this.table,
      messageIds.map((messageId) => ({ DeleteRequest: { Key: stateKeys.snsMessage(messageId) } })),
    );
  }

  async #flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    const at = this.clock.now();
    const expires = expiresAt(at, RETENTION.pushMessage);
    const items = new Map(
      batch.flatMap(({ message }) => [
        [
          `m\u0000${message.messageId}`,
          { ...stateKeys.snsMessage(message.messageId), ...message, publishedAt: at, expiresAt: expires },
        ],
        [
          `p\u0000${message.messageId}`,
          { ...stateKeys.snsMessagePointer(message.customerId, message.messageId), expiresAt: expires },
        ],
      ]),
    );
    await putAllFor(this.client, this.table, [...items.values()], batch);
  }
}

function messageOf(item: StoredPushMessage): StoredPushMessage {
  const { messageId, customerId, idempotencyKey, journeyId, runId, stepId, platform, publishedAt } = item;
  return { messageId, customerId, idempotencyKey, journeyId, runId, stepId, platform, publishedAt };
}
