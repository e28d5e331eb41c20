import { flattenObject, MAX_NESTING, nestedDeeperThan } from '../../workflows/import/read-rows.ts';

/** A batch item's cells, or why the item is no row: it is one reject, and the batch goes on. */
export type ItemCells =
  | { readonly ok: true; readonly cells: Record<string, unknown> }
  | { readonly ok: false; readonly reason: string };

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
