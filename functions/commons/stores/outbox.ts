import type { OutgoingMessage } from '../channels/channel-adapter.ts';
import { stripKey } from '../channels/outbox.ts';
import { batchGet, batchWrite } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';

/**
 * The outbox table read as a store: the messages the outbox adapter (channels/outbox.ts) keeps,
 * each under its idempotency key, for the channels that have no provider here.
 */
export interface OutboxStore {
  /** The messages kept under these idempotency keys. */
  messagesOf(idempotencyKeys: readonly string[]): Promise<OutgoingMessage[]>;
  remove(idempotencyKeys: readonly string[]): Promise<void>;
}

export class DynamoOutboxStore implements OutboxStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async messagesOf(idempotencyKeys: readonly string[]): Promise<OutgoingMessage[]> {
    const items = await batchGet<OutgoingMessage>(
      this.client,
      this.table,
      [...new Set(idempotencyKeys)].map((pk) => ({ pk })),
    );
    return items
      .map(stripKey)
      .sort((a, b) => a.at - b.at || a.idempotencyKey.localeCompare(b.idempotencyKey));
  }

  async remove(idempotencyKeys: readonly string[]): Promise<void> {
    await batchWrite(
      this.client,
      this.table,
      [...new Set(idempotencyKeys)].map((pk) => ({ DeleteRequest: { Key: { pk } } })),
    );
  }
}
