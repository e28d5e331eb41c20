import { flattenObject } from '../../workflows/import/read-rows.ts';

/** The deepest a row may nest: flattening recurses once a level. */
const MAX_NESTING = 32;

/** A batch item's cells, or why the item is no row: it is one reject, and the batch goes on. */
export type ItemCells =
  | { readonly ok: true; readonly cells: Record<string, unknown> }
  | { readonly ok: false; readonly reason: string };

/** Whether objects or lists nest deeper than `limit` levels, walked without recursion. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= limit) return true;
    for (const inner of Object.values(node)) pending.push([inner, depth + 1]);
  }
  return false;
}

/**
 * One item as the Distributed Map's ItemReader hands it over, as cells by column. A CSV row is
 * an object of strings already; a JSONL line comes as it was parsed, so an object is flattened
 * ({"consent":{"sms":true}} → "consent.sms") as the local reader does, and any other value is
 * the row's reject.
 */
export function cellsOfItem(row: unknown): ItemCells {
  if (typeof row !== 'object' || row === null || Array.isArray(row))
    return { ok: false, reason: 'expected a JSON object, such as {"customerId":"c1"}' };
  if (nestedDeeperThan(row, MAX_NESTING))
    return {
      ok: false,
      reason: `is nested more than ${MAX_NESTING} levels deep: expected an object of columns, such as {"consent":{"sms":true}}`,
    };
  return { ok: true, cells: flattenObject(row as Record<string, unknown>) };
}
