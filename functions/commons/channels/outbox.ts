import { appendFile } from 'node:fs/promises';
import { batchWrite } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import {
  acceptedAll,
  type ChannelAdapter,
  type DeliveryOutcome,
  type OutgoingMessage,
} from './channel-adapter.ts';

/**
 * The local stand-in for message providers: nothing is really sent. Each message is an item
 * keyed by its idempotency key, so a redelivery overwrites itself instead of adding a message;
 * the JSONL file is written from the table (see exportJsonl), so it holds each message once.
 */
export class DynamoOutbox implements ChannelAdapter {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async deliver(messages: readonly OutgoingMessage[]): Promise<DeliveryOutcome[]> {
    await batchWrite(
      this.client,
      this.table,
      messages.map((message) => ({ PutRequest: { Item: { pk: message.idempotencyKey, ...message } } })),
    );
    return acceptedAll(messages);
  }
}

/** Every message in the outbox table, read by a full scan (local use only). */
export async function outboxMessages(client: DocumentClient, table: string): Promise<OutgoingMessage[]> {
  const messages: OutgoingMessage[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const output = await client.scan({ TableName: table, ExclusiveStartKey: startKey });
    messages.push(...((output.Items ?? []) as OutgoingMessage[]));
    startKey = output.LastEvaluatedKey;
  } while (startKey);
  return messages.sort((a, b) => a.at - b.at || a.idempotencyKey.localeCompare(b.idempotencyKey));
}

export async function exportJsonl(messages: readonly OutgoingMessage[], file: string): Promise<void> {
  await appendFile(file, messages.map((message) => `${JSON.stringify(stripKey(message))}\n`).join(''));
}

function stripKey(message: OutgoingMessage & { pk?: string }): OutgoingMessage {
  const { pk: _pk, ...rest } = message;
  return rest;
}
