import { mapLimit } from '../util/concurrency.ts';
import type { DocumentClient } from './document-client.ts';

type Key = Record<string, unknown>;
type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Key } };

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** BatchWrite in groups of 25, retrying unprocessed items with backoff. */
export async function batchWrite(
  client: DocumentClient,
  table: string,
  requests: readonly WriteRequest[],
): Promise<void> {
  await mapLimit(chunks(requests, 25), 4, async (group) => {
    let pending: WriteRequest[] = group;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 8) throw new Error(`BatchWrite to ${table} left ${pending.length} items unprocessed`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 10));
      const output = await client.batchWrite({ RequestItems: { [table]: pending } });
      pending = (output.UnprocessedItems?.[table] ?? []) as WriteRequest[];
    }
  });
}

/** BatchGet in groups of 100, retrying unprocessed keys; returns the items found. */
export async function batchGet<T>(
  client: DocumentClient,
  table: string,
  keys: readonly Key[],
  options: { consistent?: boolean } = {},
): Promise<T[]> {
  const groups = await mapLimit(chunks(keys, 100), 4, async (group) => {
    const found: T[] = [];
    let pending: Key[] = group;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 8) throw new Error(`BatchGet from ${table} left ${pending.length} keys unprocessed`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 10));
      const output = await client.batchGet({
        RequestItems: { [table]: { Keys: pending, ConsistentRead: options.consistent } },
      });
      found.push(...((output.Responses?.[table] ?? []) as T[]));
      pending = (output.UnprocessedKeys?.[table]?.Keys ?? []) as Key[];
    }
    return found;
  });
  return groups.flat();
}

export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string }).name === 'ConditionalCheckFailedException';
}

/** Callers waiting on one shared write: each is settled as the write ends. */
export interface Waiter {
  readonly done: () => void;
  readonly failed: (error: unknown) => void;
}

/** Puts the items in batches of 25, then settles every waiter with the outcome. */
export async function putAllFor(
  client: DocumentClient,
  table: string,
  items: readonly Record<string, unknown>[],
  waiters: readonly Waiter[],
): Promise<void> {
  try {
    await batchWrite(
      client,
      table,
      items.map((item) => ({ PutRequest: { Item: item } })),
    );
    for (const { done } of waiters) done();
  } catch (error) {
    for (const { failed } of waiters) failed(error);
  }
}
