import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { type Options, parse } from 'csv-parse';

export type SourceFormat = 'csv' | 'jsonl';

/**
 * One record of a file: its cells by column, or why it cannot be read as a row. `index` counts
 * records from 0 as a Distributed Map's `$$.Map.Item.Index` does; `row` is what people are told:
 * the header is row 1 of a CSV, and JSONL rows count the object lines from 1 (blank lines aside).
 */
export type SourceRecord =
  | {
      readonly kind: 'row';
      readonly index: number;
      readonly row: number;
      readonly cells: Record<string, unknown>;
    }
  | { readonly kind: 'malformed'; readonly index: number; readonly row: number; readonly reason: string };

/** The first row number of data: a CSV's header takes row 1. */
export const FIRST_ROW: Record<SourceFormat, number> = { csv: 2, jsonl: 1 };

/** A file the import cannot read at all: no header, a header naming a column twice. */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
}

export function formatOf(file: string): SourceFormat | undefined {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  return undefined;
}

/** Records of a UTF-8 text stream (decode it with `setEncoding('utf8')`, so bad bytes become U+FFFD). */
export function readRecords(
  input: Readable,
  format: SourceFormat,
  onHeader?: (columns: readonly string[]) => void,
): AsyncGenerator<SourceRecord> {
  return format === 'csv' ? csvRecords(input, onHeader) : jsonlRecords(input);
}

/** What csv-parse's error codes mean to whoever fixes the file. */
const CSV_PROBLEMS: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED:
    'a quote (") opens a cell and is never closed; expected "" for a quote inside a quoted cell',
  CSV_INVALID_CLOSING_QUOTE:
    'text follows the closing quote of a cell; expected a comma or the end of the line',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'it has another number of cells than the header',
  CSV_MAX_RECORD_SIZE: 'the row is too long',
};

async function* csvRecords(
  input: Readable,
  onHeader?: (columns: readonly string[]) => void,
): AsyncGenerator<SourceRecord> {
  // Records and parse errors are numbered in the parser's own order, as it meets them.
  let ordinal = 0;
  const skipped: { ordinal: number; reason: string }[] = [];
  const options: Options<{ ordinal: number; record: string[] }, string[]> = {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record) => ({ ordinal: ordinal++, record }),
    on_skip: (error) => {
      skipped.push({
        ordinal: ordinal++,
        reason: `cannot be read as CSV: ${CSV_PROBLEMS[error?.code ?? ''] ?? 'a parse error'} (${error?.code ?? 'CSV_ERROR'})`,
      });
      return undefined;
    },
  };
  const parser = input.pipe(parse(options as unknown as Options));
  let header: string[] | undefined;
  const flushBefore = function* (limit: number): Generator<SourceRecord> {
    while (skipped.length > 0 && (skipped[0]?.ordinal ?? limit) < limit) {
      const { ordinal: at, reason } = skipped.shift() as { ordinal: number; reason: string };
      // Before the header is read, an unreadable first line is the header's own problem.
      if (!header) throw new ImportFileError(`the header row ${reason}`);
      yield { kind: 'malformed', index: at - 1, row: at + 1, reason };
    }
  };
  for await (const { ordinal: at, record } of parser as AsyncIterable<{
    ordinal: number;
    record: string[];
  }>) {
    yield* flushBefore(at);
    if (!header) {
      header = checkedHeader(record);
      onHeader?.(header);
      continue;
    }
    const index = at - 1;
    const row = at + 1;
    if (record.length !== header.length) {
      const many = record.length > header.length ? 'too many' : 'too few';
      yield {
        kind: 'malformed',
        index,
        row,
        reason: `has ${record.length} fields, ${many} for the header's ${header.length}`,
      };
      continue;
    }
    const cells: Record<string, unknown> = Object.create(null);
    for (const [column, name] of header.entries()) cells[name] = record[column];
    yield { kind: 'row', index, row, cells };
  }
  yield* flushBefore(Number.POSITIVE_INFINITY);
  if (!header) throw new ImportFileError('the file is empty: expected a header row naming the columns');
}

function checkedHeader(record: string[]): string[] {
  const names = record.map((name) => name.trim());
  if (names.some((name) => name === '')) throw new ImportFileError('the header has an empty column name');
  const seen = new Map<string, number>();
  for (const [index, name] of names.entries()) {
    const first = seen.get(name);
    if (first !== undefined)
      throw new ImportFileError(`the header names "${name}" twice (columns ${first + 1} and ${index + 1})`);
    seen.set(name, index);
  }
  return names;
}

async function* jsonlRecords(input: Readable): AsyncGenerator<SourceRecord> {
  let index = 0;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (text.trim() === '') continue;
    const at = index++;
    const line = at + 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield {
        kind: 'malformed',
        index: at,
        row: line,
        reason: 'is not valid JSON: expected one JSON object per line',
      };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield {
        kind: 'malformed',
        index: at,
        row: line,
        reason: 'expected a JSON object, such as {"customerId":"c1"}',
      };
      continue;
    }
    if (nestedDeeperThan(value, MAX_NESTING)) {
      yield {
        kind: 'malformed',
        index: at,
        row: line,
        reason: `is nested more than ${MAX_NESTING} levels deep: expected an object of columns, such as {"consent":{"sms":true}}`,
      };
      continue;
    }
    yield { kind: 'row', index: at, row: line, cells: flattenObject(value as Record<string, unknown>) };
  }
}

/** The deepest a JSONL object may nest: flattening it recurses once a level. */
export const MAX_NESTING = 32;

/** Whether objects or lists nest deeper than `limit` levels, walked without recursion. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= limit) return true;
    for (const inner of Object.values(node)) pending.push([inner, depth + 1]);
  }
  return false;
}

/** {"consent":{"sms":true}} → {"consent.sms":true}: a JSONL object's columns, as a CSV header names them. */
export function flattenObject(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  // No prototype: a column named "__proto__" is a cell like any other.
  const cells: Record<string, unknown> = Object.create(null);
  for (const [key, inner] of Object.entries(value)) {
    if (inner && typeof inner === 'object' && !Array.isArray(inner))
      Object.assign(cells, flattenObject(inner as Record<string, unknown>, `${prefix}${key}.`));
    else cells[`${prefix}${key}`] = inner;
  }
  return cells;
}
