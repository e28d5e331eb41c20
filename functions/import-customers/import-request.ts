import { z } from 'zod';
import { CustomerMapping } from '../../workflows/schema/customer-mapping.ts';

/** Rows per batch, in AWS (the Distributed Map's ItemBatcher) and locally alike. */
export const IMPORT_BATCH_ROWS = 500;

/** At most this many problems are returned per batch, to keep its result well under 256 KB. */
export const MAX_REJECTS_PER_BATCH = 1_000;

/**
 * One record as the Distributed Map's ItemSelector hands it over: its index, and its cells by
 * column. A JSONL line may hold any JSON value: one that is no object is that row's reject
 * (batch-rows.ts), never the batch's failure.
 */
export const ImportItem = z.strictObject({
  index: z.number().int().nonnegative(),
  // Kept as it is: copying it would turn a "__proto__" column into a prototype.
  row: z.unknown(),
});

/** What an ItemBatcher gives each child execution: the items, and the same BatchInput for all. */
export const ImportBatch = z.strictObject({
  Items: z.array(ImportItem).min(1).max(IMPORT_BATCH_ROWS),
  BatchInput: z.strictObject({
    /** The file's identity: a second row of this file with a customer's id is a duplicate. */
    source: z.string().min(1).max(256),
    /** The row number of index 0: 2 for a CSV with its header on row 1, 1 for JSONL. */
    firstRow: z.number().int().min(1).max(2),
    mapping: CustomerMapping.optional(),
  }),
});
export type ImportBatch = z.input<typeof ImportBatch>;

export const RejectedRow = z.strictObject({
  row: z.number().int(),
  column: z.string(),
  reason: z.string(),
});

export const BatchSummary = z.strictObject({
  rows: z.number().int(),
  imported: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  /** Rows with a field left as a later event set it (the updated_at rule). */
  keptFromEvents: z.number().int(),
  rejects: z.array(RejectedRow),
});
export type BatchSummary = z.infer<typeof BatchSummary>;

/** The state machine's first step: the file's format and identity, and its mapping, checked. */
export const PrepareRequest = z.strictObject({
  action: z.literal('prepare'),
  bucket: z.string().min(3),
  key: z.string().min(1),
  etag: z.string().min(1),
});
export type PrepareRequest = z.infer<typeof PrepareRequest>;

export const PreparedImport = z.strictObject({
  format: z.enum(['csv', 'jsonl']),
  source: z.string(),
  firstRow: z.number().int(),
  mappingKey: z.string(),
  mapping: CustomerMapping,
});
export type PreparedImport = z.infer<typeof PreparedImport>;
