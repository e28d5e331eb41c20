import { mapLimit } from '../util/concurrency.ts';
import { chunks, isConditionFailure } from './batch.ts';
import type { DocumentClient } from './document-client.ts';

type Key = { readonly pk: string; readonly sk: string };

/** How often a versioned write reads again and retries when another writer got there first. */
const VERSIONED_WRITE_ATTEMPTS = 10;

/**
 * Removals per UpdateItem. Map keys travel as expression attribute names, so the expression grows
 * by about 14 characters per removal: 100 stay well inside its 4 KB limit.
 */
const REMOVALS_PER_UPDATE = 100;

/**
 * A read-modify-write of one item without transactions. `change` builds the item to write from
 * the stored one (undefined when there is none), or returns undefined when nothing is to be
 * written. The put is conditional on the `version` it read; when another writer got there first,
 * the item is read again (strongly consistent) and `change` runs on what it holds. With
 * `assumeStored`, the first attempt takes that as the stored item (undefined: none) instead of
 * reading it, for callers that just read it or expect it to be new.
 */
export async function putOnVersion<T extends { readonly version?: number }>(
  client: DocumentClient,
  table: string,
  key: Key,
  change: (stored: T | undefined) => T | undefined,
  options: { assumeStored?: { item: T | undefined } } = {},
): Promise<{ written?: T; stored?: T }> {
  let stored = options.assumeStored?.item;
  let read = options.assumeStored !== undefined;
  for (let attempt = 1; ; attempt += 1) {
    if (!read) {
      const output = await client.get({ TableName: table, Key: key, ConsistentRead: true });
      stored = output.Item as T | undefined;
    }
    read = false;
    const next = change(stored);
    if (next === undefined) return { stored };
    const version = stored?.version ?? 0;
    const written = { ...next, ...key, version: version + 1 };
    try {
      await client.put({
        TableName: table,
        Item: written,
        ConditionExpression: 'attribute_not_exists(pk) OR version = :version',
        ExpressionAttributeValues: { ':version': version },
      });
      return { written, stored };
    } catch (error) {
      if (!isConditionFailure(error) || attempt >= VERSIONED_WRITE_ATTEMPTS) throw error;
    }
  }
}

/**
 * Removes keys from a map attribute of an item, 100 per update (each billed at the item's size).
 * An item that does not exist (or has no such map) is left alone rather than created empty.
 */
export async function removeMapKeys(
  client: DocumentClient,
  table: string,
  key: Key,
  attribute: string,
  mapKeys: readonly string[],
  record?: MapKeysRecord,
): Promise<void> {
  await mapLimit(chunks([...new Set(mapKeys)], REMOVALS_PER_UPDATE), 4, async (group) => {
    const names = Object.fromEntries(group.map((mapKey, index) => [`#k${index}`, mapKey]));
    const removals = Object.keys(names).map((name) => `#map.${name}`);
    const records = record ? Object.keys(names).map((name) => `#record.${name} = :why`) : [];
    try {
      await client.update({
        TableName: table,
        Key: key,
        UpdateExpression: `REMOVE ${removals.join(', ')}${records.length > 0 ? ` SET ${records.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(#map)',
        ExpressionAttributeNames: {
          '#map': attribute,
          ...(record ? { '#record': record.attribute } : {}),
          ...names,
        },
        ...(record ? { ExpressionAttributeValues: { ':why': record.value } } : {}),
      });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  });
}

/**
 * Where removeMapKeys notes the keys it removes, in the same update: in the map `attribute`
 * (which must exist), each with `value`. What was removed, and why, outlives a crash after it.
 */
export interface MapKeysRecord {
  readonly attribute: string;
  readonly value: string;
}
