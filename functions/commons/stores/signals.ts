import { batchWrite } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { stateKeys } from '../dynamo/keys.ts';
import { queryAll } from '../dynamo/query.ts';
import { expiresAt, RETENTION } from '../dynamo/ttl.ts';

/** "This customer did this event at this time", filed under the run and the customer's shard. */
export interface Signal {
  readonly runId: string;
  readonly shard: number;
  readonly event: string;
  readonly at: number;
  readonly customerId: string;
  readonly properties: Record<string, unknown>;
}

/**
 * Signals let a shard task learn which of its 500 members did an event with one query,
 * instead of one query per customer: a customer keeps the same shard number for a whole run.
 */
export interface SignalStore {
  put(signals: readonly Signal[]): Promise<void>;
  /** Signals of one event in a run's shard, from `from` to `to` inclusive. */
  query(runId: string, shard: number, event: string, from: number, to: number): Promise<Signal[]>;
  /** The customer's signals in their shard of a run (one query of the shard's partition). */
  signalsOf(customerId: string, runId: string, shard: number): Promise<Signal[]>;
  remove(signals: readonly Signal[]): Promise<void>;
}

export class DynamoSignalStore implements SignalStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async put(signals: readonly Signal[]): Promise<void> {
    await batchWrite(
      this.client,
      this.table,
      signals.map((signal) => ({
        PutRequest: {
          Item: {
            ...stateKeys.signal(signal.runId, signal.shard, signal.event, signal.at, signal.customerId),
            ...signal,
            expiresAt: expiresAt(signal.at, RETENTION.signal),
          },
        },
      })),
    );
  }

  async query(runId: string, shard: number, event: string, from: number, to: number): Promise<Signal[]> {
    return queryAll<Signal>(this.client, this.table, stateKeys.signalPartition(runId, shard), {
      from: `${event}#${new Date(from).toISOString()}`,
      to: `${event}#${new Date(to).toISOString()}~`,
    });
  }

  async signalsOf(customerId: string, runId: string, shard: number): Promise<Signal[]> {
    const items = await queryAll<Signal>(this.client, this.table, stateKeys.signalPartition(runId, shard));
    // Only what a signal is: the item also holds its key and expiry.
    return items
      .filter((item) => item.customerId === customerId)
      .map((item) => ({
        runId: item.runId,
        shard: item.shard,
        event: item.event,
        at: item.at,
        customerId,
        properties: item.properties,
      }));
  }

  async remove(signals: readonly Signal[]): Promise<void> {
    await batchWrite(
      this.client,
      this.table,
      signals.map((signal) => ({
        DeleteRequest: {
          Key: stateKeys.signal(signal.runId, signal.shard, signal.event, signal.at, signal.customerId),
        },
      })),
    );
  }
}
