import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  type BatchSummary,
  IMPORT_BATCH_ROWS,
  type ImportBatch,
} from '../../functions/import-customers/import-request.ts';
import {
  columnOf,
  columnsRead,
  type RowProblem,
  UNDECLARED_ATTRIBUTE_PREFIX,
} from '../../workflows/import/read-row.ts';
import { FIRST_ROW, formatOf, ImportFileError, readRecords } from '../../workflows/import/read-rows.ts';
import { type CustomerMapping, DEFAULT_MAPPING } from '../../workflows/schema/customer-mapping.ts';

/** How far an import has got. */
export interface ImportProgress {
  readonly rows: number;
  readonly imported: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly keptFromEvents: number;
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly elapsedMs: number;
}

export interface ImportTotals extends ImportProgress {
  /** The file's columns the mapping does not read. */
  readonly ignoredColumns: readonly string[];
  readonly source: string;
}

export interface ImportFileOptions {
  readonly file: string;
  /** @default every field from the column of its own name */
  readonly mapping?: CustomerMapping;
  /** The import function's handler: the same chain Lambda runs, over the engine's or a stage's tables. */
  readonly importBatch: (batch: ImportBatch) => Promise<BatchSummary>;
  /** Told of each rejected row's problems, in row order within each batch. */
  readonly onReject?: (problem: RowProblem) => void;
  /** Told after every batch. */
  readonly onProgress?: (progress: ImportProgress) => void;
}

/**
 * A CSV or JSONL file imported as the import state machine does in AWS: records in batches of
 * IMPORT_BATCH_ROWS, each handed to the import function with the file's identity and mapping. A
 * record that cannot be read as a row (a line with too many fields, bad JSON) is rejected here,
 * as the Distributed Map's reader would never pass it on. Batches run one at a time, so the
 * first of two rows with one id is the one kept.
 */
export async function importFile(options: ImportFileOptions): Promise<ImportTotals> {
  const began = performance.now();
  const format = formatOf(options.file);
  if (!format) throw new ImportFileError(`expected a .csv or .jsonl file; got ${options.file}`);
  const mapping = options.mapping ?? DEFAULT_MAPPING;
  const totalBytes = (await stat(options.file)).size;
  const source = await digestOf(options.file);
  const totals = { rows: 0, imported: 0, unchanged: 0, rejected: 0, keptFromEvents: 0 };
  let ignoredColumns: string[] = [];
  const input = createReadStream(options.file);
  input.setEncoding('utf8');
  const progress = (): ImportProgress => ({
    ...totals,
    bytesRead: Math.min(input.bytesRead, totalBytes),
    totalBytes,
    elapsedMs: performance.now() - began,
  });
  let items: ImportBatch['Items'] = [];
  // Records the reader refused, reported with the batch they fall in, so rejects stay in row order.
  let unreadable: RowProblem[] = [];
  const flush = async () => {
    const summary =
      items.length === 0
        ? undefined
        : await options.importBatch({
            Items: items,
            BatchInput: {
              source,
              firstRow: FIRST_ROW[format],
              ...(options.mapping ? { mapping: options.mapping } : {}),
            },
          });
    const problems = [...unreadable, ...(summary?.rejects ?? [])].sort((a, b) => a.row - b.row);
    items = [];
    unreadable = [];
    for (const problem of problems) options.onReject?.(problem);
    if (!summary) return;
    totals.imported += summary.imported;
    totals.unchanged += summary.unchanged;
    totals.rejected += summary.rejected;
    totals.keptFromEvents += summary.keptFromEvents;
    options.onProgress?.(progress());
  };
  const onHeader = (columns: readonly string[]) => {
    const id = columnOf(mapping, 'customerId');
    if (!columns.includes(id))
      throw new ImportFileError(
        `the header has no column "${id}" for the customer id; it has ${columns.map((name) => `"${name}"`).join(', ')} (name the column in the mapping's columns.customerId)`,
      );
    const read = columnsRead(mapping);
    ignoredColumns = columns.filter(
      (name) => !read.has(name) && !name.startsWith(UNDECLARED_ATTRIBUTE_PREFIX),
    );
  };
  for await (const record of readRecords(input, format, onHeader)) {
    totals.rows += 1;
    if (record.kind === 'malformed') {
      totals.rejected += 1;
      unreadable.push({ row: record.row, column: '', reason: record.reason });
      continue;
    }
    items.push({ index: record.index, row: record.cells });
    if (items.length === IMPORT_BATCH_ROWS) await flush();
  }
  await flush();
  return { ...progress(), ignoredColumns, source };
}

/** The file's identity: a digest of its bytes, so the same file imported again is known as such. */
async function digestOf(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('base64url').slice(0, 22)}`;
}
