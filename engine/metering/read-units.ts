import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { itemSize } from './item-size.ts';

type Item = Record<string, AttributeValue>;

export interface ReadInput {
  ConsistentRead?: boolean;
  RequestItems?: Record<string, { Keys?: Item[]; ConsistentRead?: boolean }>;
}

export interface ReadOutput {
  Responses?: Record<string, Item[]>;
  UnprocessedKeys?: Record<string, { Keys?: Item[] }>;
}

/**
 * The read units of a read request by table, from what the emulator reported for it (`reported`):
 * the documented figure where an emulator parts from it, else the reported one.
 */
export function documentedReadUnits(
  command: string,
  input: ReadInput,
  output: ReadOutput,
): (table: string, reported: number) => number {
  if (command === 'BatchGetItem') {
    const units = batchGetReadUnits(input, output);
    return (table, reported) => units.get(table) ?? reported;
  }
  if (command === 'Query' || command === 'Scan') return (_, reported) => searchReadUnits(input, reported);
  return (_, reported) => reported;
}

/** One read unit reads 4 KB strongly consistent, or twice that eventually consistent. */
const READ_UNIT_BYTES = 4_096;

/**
 * The read units of a BatchGetItem by table, as DynamoDB documents them rather than as the
 * emulator reports them: each item read as a GetItem of its size rounded up to 4 KB, and each key
 * not found as one such read. dynalite charges missing keys, DynamoDB Local does not.
 */
export function batchGetReadUnits(input: ReadInput, output: ReadOutput): Map<string, number> {
  const units = new Map<string, number>();
  // A read of an item that does not exist consumes read units all the same:
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
  for (const [table, request] of Object.entries(input.RequestItems ?? {})) {
    const factor = request.ConsistentRead ? 1 : 0.5;
    const found = output.Responses?.[table] ?? [];
    const unprocessed = output.UnprocessedKeys?.[table]?.Keys?.length ?? 0;
    const missing = Math.max(0, (request.Keys?.length ?? 0) - found.length - unprocessed);
    const read = found.reduce((sum, item) => sum + Math.ceil(itemSize(item) / READ_UNIT_BYTES), 0);
    units.set(table, (read + missing) * factor);
  }
  return units;
}

/**
 * A Query or Scan is charged for the partition it searches even when it finds nothing (the same
 * page): at least one read, where both emulators report 0 for an empty result.
 */
export function searchReadUnits(input: ReadInput, reported: number): number {
  return Math.max(reported, input.ConsistentRead ? 1 : 0.5);
}
