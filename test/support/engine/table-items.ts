import { localDocumentClient } from '../../../engine/dynalite/local-client.ts';

/** Every item of these tables, keyed and sorted, to compare what a run changed. */
export async function tableItems(endpoint: string, tables: readonly string[]): Promise<Map<string, string>> {
  const client = localDocumentClient({ endpoint });
  const items = new Map<string, string>();
  for (const table of tables) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.scan({ TableName: table, ExclusiveStartKey: startKey });
      for (const item of page.Items ?? [])
        items.set(`${table}/${String(item.pk)}/${String(item.sk ?? '')}`, JSON.stringify(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  return items;
}

/** The keys whose items differ between two scans: added, removed or changed. */
export function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((key) => before.get(key) !== after.get(key)).sort();
}
