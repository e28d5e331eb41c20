import type { CustomerEvent } from '../../../workflows/contracts/customer.ts';
import { batchWrite } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { queryAll } from '../dynamo/query.ts';
import { expiresAt } from '../dynamo/ttl.ts';
import { DAY_MS } from '../runtime/clock.ts';

export interface StoredEvent {
  readonly eventId: string;
  readonly customerId: string;
  readonly name: string;
  readonly at: number;
  readonly properties: Record<string, unknown>;
}

export interface EventStore {
  appendToTimelines(events: readonly CustomerEvent[], now: number): Promise<void>;
  timeline(customerId: string, from: number, to: number): Promise<StoredEvent[]>;
}

export class DynamoEventStore implements EventStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
    private readonly ttlDays: number,
  ) {}

  async appendToTimelines(events: readonly CustomerEvent[], now: number): Promise<void> {
    const expires = expiresAt(now, this.ttlDays * DAY_MS);
    await batchWrite(
      this.client,
      this.table,
      events.map((event) => ({
        PutRequest: {
          Item: {
            pk: event.customerId,
            sk: `${new Date(Date.parse(event.at)).toISOString()}#${event.eventId}`,
            eventId: event.eventId,
            customerId: event.customerId,
            name: event.name,
            at: Date.parse(event.at),
            properties: event.properties,
            expiresAt: expires,
          },
        },
      })),
    );
  }

  async timeline(customerId: string, from: number, to: number): Promise<StoredEvent[]> {
    return queryAll<StoredEvent>(this.client, this.table, customerId, {
      from: new Date(from).toISOString(),
      to: `${new Date(to).toISOString()}~`,
    });
  }
}
