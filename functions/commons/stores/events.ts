import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerEvent } from '../../../workflows/contracts/customer.ts';
import { DAY_MS } from '../clock.ts';
import { stateKeys } from '../keys.ts';
import { batchWrite, isConditionFailure } from './batch.ts';
import { queryAll } from './query.ts';

export interface StoredEvent {
  readonly eventId: string;
  readonly customerId: string;
  readonly name: string;
  readonly at: number;
  readonly properties: Record<string, unknown>;
}

export interface EventStore {
  /** Claims an event id; false when the event was seen before (a duplicate changes nothing). */
  claim(eventId: string, now: number): Promise<boolean>;
  /** Releases a claim when processing failed, so a retry of the same event is not a duplicate. */
  release(eventId: string): Promise<void>;
  appendToTimelines(events: readonly CustomerEvent[], now: number): Promise<void>;
  timeline(customerId: string, from: number, to: number): Promise<StoredEvent[]>;
}

export class DynamoEventStore implements EventStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: { events: string; state: string },
    private readonly ttlDays: number,
  ) {}

  async claim(eventId: string, now: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tables.state,
          Item: {
            ...stateKeys.eventClaim(eventId),
            claimedAt: now,
            expiresAt: Math.floor((now + 30 * DAY_MS) / 1000),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async release(eventId: string): Promise<void> {
    await batchWrite(this.client, this.tables.state, [
      { DeleteRequest: { Key: stateKeys.eventClaim(eventId) } },
    ]);
  }

  async appendToTimelines(events: readonly CustomerEvent[], now: number): Promise<void> {
    const expiresAt = Math.floor((now + this.ttlDays * DAY_MS) / 1000);
    await batchWrite(
      this.client,
      this.tables.events,
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
            expiresAt,
          },
        },
      })),
    );
  }

  async timeline(customerId: string, from: number, to: number): Promise<StoredEvent[]> {
    return queryAll<StoredEvent>(this.client, this.tables.events, customerId, {
      from: new Date(from).toISOString(),
      to: `${new Date(to).toISOString()}~`,
    });
  }
}
