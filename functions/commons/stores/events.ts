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
  /** The customer's whole timeline, oldest first. */
  wholeTimeline(customerId: string): Promise<StoredEvent[]>;
  /** Deletes these events from their timelines. */
  remove(events: readonly StoredEvent[]): Promise<void>;
}

const sortKeyOf = (at: number, eventId: string) => `${new Date(at).toISOString()}#${eventId}`;

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
            sk: sortKeyOf(Date.parse(event.at), event.eventId),
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

  async wholeTimeline(customerId: string): Promise<StoredEvent[]> {
    const items = await queryAll<StoredEvent>(this.client, this.table, customerId);
    return items.map(({ eventId, customerId: id, name, at, properties }) => ({
      eventId,
      customerId: id,
      name,
      at,
      properties,
    }));
  }

  async remove(events: readonly StoredEvent[]): Promise<void> {
    await batchWrite(
      this.client,
      this.table,
      events.map((event) => ({
        DeleteRequest: { Key: { pk: event.customerId, sk: sortKeyOf(event.at, event.eventId) } },
      })),
    );
  }
}
