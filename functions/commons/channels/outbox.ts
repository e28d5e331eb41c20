import { appendFile } from 'node:fs/promises';
import { batchWrite } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { expiresAt, RETENTION } from '../dynamo/ttl.ts';
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
      messages.map((message) => ({
        PutRequest: {
          Item: {
            pk: message.idempotencyKey,
            ...message,
            expiresAt: expiresAt(message.at, RETENTION.outboxMessage),
          },
        },
      })),
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
    messages.push(...((output.Items ?? []) as OutgoingMessage[]).map(stripKey));
    startKey = output.LastEvaluatedKey;
  } while (startKey);
  return messages.sort((a, b) => a.at - b.at || a.idempotencyKey.localeCompare(b.idempotencyKey));
}

export async function exportJsonl(messages: readonly OutgoingMessage[], file: string): Promise<void> {
  await appendFile(file, messages.map((message) => `${JSON.stringify(stripKey(message))}\n`).join(''));
}

/** The message as delivered: without the item's key and expiry. */
export function stripKey(message: OutgoingMessage & { pk?: string; expiresAt?: number }): OutgoingMessage {
  const { pk: _pk, expiresAt: _expiresAt, ...rest } = message;
  return rest;
}
