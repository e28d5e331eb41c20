import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { CustomerProfile } from '../../workflows/contracts/customer.ts';
import { decideImport, type ImportContext, type ImportTarget } from '../../workflows/import/merge.ts';
import { columnOf, type ImportedRow, type RowProblem, readRow } from '../../workflows/import/read-row.ts';
import { CustomerMapping, DEFAULT_MAPPING } from '../../workflows/schema/customer-mapping.ts';
import type { Clock } from '../commons/runtime/clock.ts';
import type { Stores } from '../commons/runtime/runtime-deps.ts';
import type { ProfileReads } from '../commons/stores/customers.ts';
import { mapLimit } from '../commons/util/concurrency.ts';
import { cellsOfItem } from './batch-rows.ts';
import { type BatchSummary, type ImportBatch, MAX_REJECTS_PER_BATCH } from './import-request.ts';

/** What an import needs: the profiles, the phone index and the erasure tombstones, the clock, and the log and metrics. */
export interface ImportDeps {
  readonly clock: Clock;
  readonly stores: Pick<Stores, 'customers' | 'phoneIndex' | 'erasures'>;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Profiles written at once within a batch. */
const WRITES_IN_FLIGHT = 32;

/**
 * One batch of rows: each row checked on its own (a bad row writes nothing and stops no other),
 * then applied to its profile by a conditional write, never overwriting what events changed
 * after the row's time. A row that changes nothing writes nothing, so a file imported twice
 * leaves every item as it was. A failed write throws, and the whole batch may run again.
 */
export async function importBatch(batch: ImportBatch, deps: ImportDeps): Promise<BatchSummary> {
  const input = batch.BatchInput;
  const mapping = input.mapping ? CustomerMapping.parse(input.mapping) : DEFAULT_MAPPING;
  const context: ImportContext = {
    source: input.source,
    defaultTimezone: mapping.defaults.timezone,
    now: deps.clock.now(),
  };
  const problems: RowProblem[] = [];
  const rejectedRows = new Set<number>();
  const reject = (found: readonly RowProblem[]) => {
    for (const problem of found) {
      rejectedRows.add(problem.row);
      problems.push(problem);
    }
  };
  const firstOfId = new Map<string, number>();
  const valid: ImportedRow[] = [];
  const idColumn = columnOf(mapping, 'customerId');
  for (const item of batch.Items) {
    const cells = cellsOfItem(item.row);
    if (!cells.ok) {
      reject([{ row: item.index + input.firstRow, column: '', reason: cells.reason }]);
      continue;
    }
    const reading = readRow(cells.cells, item.index + input.firstRow, mapping);
    if (!reading.ok) {
      reject(reading.problems);
      continue;
    }
    const first = firstOfId.get(reading.row.customerId);
    if (first !== undefined) {
      reject([{ row: reading.row.row, column: idColumn, reason: duplicateReason(first) }]);
      continue;
    }
    firstOfId.set(reading.row.customerId, reading.row.row);
    valid.push(reading.row);
  }

  // A file made before an erasure must not bring the customer back (docs/data-in.md).
  const ids = valid.map((row) => row.customerId);
  const [erased, reads] = await Promise.all([
    deps.stores.erasures.wereErased(ids),
    deps.stores.customers.readForUpdate(ids),
  ]);
  const importable = valid.filter((row) => {
    const erasedAt = erased.get(row.customerId);
    if (erasedAt === undefined) return true;
    reject([{ row: row.row, column: idColumn, reason: erasedReason(erasedAt) }]);
    return false;
  });
  let unchanged = 0;
  let keptFromEvents = 0;
  const written: { row: ImportedRow; phone?: string }[] = [];
  await mapLimit(importable, WRITES_IN_FLIGHT, async (row) => {
    const outcome = await importRow(row, context, reads, deps);
    if (outcome.kind === 'duplicate')
      reject([{ row: row.row, column: idColumn, reason: duplicateReason(outcome.firstRow) }]);
    else {
      if (outcome.kind === 'write') written.push({ row, phone: outcome.profile.phone });
      else unchanged += 1;
      if (outcome.kept.length > 0) keptFromEvents += 1;
    }
  });
  const undone = await undoErasedMeanwhile(written, deps);
  for (const { row, erasedAt } of undone)
    reject([{ row: row.row, column: idColumn, reason: erasedReason(erasedAt) }]);
  const imported = written.length - undone.length;

  const summary: BatchSummary = {
    rows: batch.Items.length,
    imported,
    unchanged,
    rejected: rejectedRows.size,
    keptFromEvents,
    rejects: problems.sort((a, b) => a.row - b.row).slice(0, MAX_REJECTS_PER_BATCH),
  };
  deps.metrics.addMetric('ImportRowsImported', 'Count', imported);
  deps.metrics.addMetric('ImportRowsUnchanged', 'Count', unchanged);
  deps.metrics.addMetric('ImportRowsRejected', 'Count', summary.rejected);
  // Counts and row numbers only: a row's cells are customer data.
  deps.logger.info('import batch', { ...summary, rejects: undefined, source: input.source });
  return summary;
}

/**
 * An erasure begun after the check above writes its tombstone first, then removes what it finds:
 * a profile this batch wrote after that is taken out again here, with its phone index entry, so
 * the import brings back no one (a conditional write cannot check another table's item).
 */
async function undoErasedMeanwhile(
  written: readonly { row: ImportedRow; phone?: string }[],
  deps: ImportDeps,
) {
  if (written.length === 0) return [];
  const erased = await deps.stores.erasures.wereErased(written.map(({ row }) => row.customerId));
  const undone = written.flatMap(({ row, phone }) => {
    const erasedAt = erased.get(row.customerId);
    return erasedAt === undefined ? [] : [{ row, phone, erasedAt }];
  });
  await mapLimit(undone, WRITES_IN_FLIGHT, async ({ row, phone }) => {
    await deps.stores.customers.remove(row.customerId);
    if (phone) await deps.stores.phoneIndex.remove(row.customerId, [phone]);
  });
  return undone;
}

const erasedReason = (erasedAt: number) =>
  `expected a customer who was not erased; this one was erased on ${new Date(erasedAt).toISOString().slice(0, 10)}, and an import does not bring them back`;

const duplicateReason = (firstRow: number) =>
  `expected each customer id once in the file; row ${firstRow} has this one`;

/**
 * The row's profile written if it changes anything. A number the profile did not have is put in
 * the phone index first, so an SMS reply finds the customer; an entry left by a write that then
 * fails is harmless, since readers keep only customers whose profile has the number.
 */
async function importRow(row: ImportedRow, context: ImportContext, reads: ProfileReads, deps: ImportDeps) {
  const known = reads.get(row.customerId);
  const planned = decideImport(targetOf(known), row, context);
  if (planned.kind === 'write' && planned.profile.phone && planned.profile.phone !== known?.phone)
    await deps.stores.phoneIndex.add(planned.profile.phone, row.customerId, context.now);
  let decision = planned;
  let phoneBefore: string | undefined;
  await deps.stores.customers.updateRecord(
    row.customerId,
    (current) => {
      decision = decideImport(current, row, context);
      if (decision.kind !== 'write') return undefined;
      phoneBefore = current.profile?.phone;
      return { ...current, profile: decision.profile, imported: decision.imported };
    },
    reads,
  );
  // The number the row replaced leaves the index once the profile has landed.
  if (decision.kind === 'write' && phoneBefore !== undefined && phoneBefore !== decision.profile.phone)
    await deps.stores.phoneIndex.remove(row.customerId, [phoneBefore]);
  return decision;
}

/** A read item as the decision sees it; its bookkeeping fields never reach a written profile. */
function targetOf(known: ReturnType<ProfileReads['get']>): ImportTarget {
  if (!known) return { profile: undefined };
  return { profile: known as CustomerProfile, changedAt: known.changedAt, imported: known.imported };
}
