import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ImportTotals, importFile } from '../../../engine/import/import-file.ts';
import { openLocalTables } from '../../../engine/import/local-import.ts';
import type { RowProblem } from '../../../workflows/import/read-row.ts';
import type { CustomerMapping } from '../../../workflows/schema/customer-mapping.ts';
import { type Line, textOf } from './cases.ts';
import { TableSnapshots } from './table-snapshot.ts';

/** A customer file's bytes: its lines, each text (UTF-8) or raw bytes in hex. */
export function fileBytes(lines: readonly Line[]): Buffer {
  return Buffer.concat(
    lines.map((line) =>
      Buffer.concat([
        typeof line === 'object' && !Array.isArray(line)
          ? Buffer.from(line.hex, 'hex')
          : Buffer.from(textOf(line), 'utf8'),
        Buffer.from('\n'),
      ]),
    ),
  );
}

export interface ImportTables {
  readonly snapshots: TableSnapshots;
  /** Imports a file of these lines through the import function, as `journeys customers import` does. */
  importLines(
    format: 'csv' | 'jsonl',
    lines: readonly Line[],
    mapping?: CustomerMapping,
  ): Promise<{ totals: ImportTotals; rejects: RowProblem[] }>;
  close(): Promise<void>;
}

/**
 * The embedded engine's tables in a fresh data folder, as `journeys customers import --data-dir`
 * opens them, holding one imported customer (c-seeded), so a wrong write has something to change.
 */
export async function openImportTables(): Promise<ImportTables> {
  const folder = mkdtempSync(join(tmpdir(), 'journeys-bad-import-'));
  const tables = await openLocalTables(join(folder, 'data'));
  const snapshots = new TableSnapshots(tables.endpoint);
  let files = 0;
  const importLines: ImportTables['importLines'] = async (format, lines, mapping) => {
    files += 1;
    const file = join(folder, `file-${files}.${format}`);
    writeFileSync(file, fileBytes(lines));
    const rejects: RowProblem[] = [];
    const totals = await importFile({
      file,
      ...(mapping ? { mapping } : {}),
      importBatch: tables.importBatch,
      onReject: (problem) => rejects.push(problem),
    });
    return { totals, rejects };
  };
  const seeded = await importLines('csv', [
    'customerId,email,phone,timezone,member,orderCount,totalSpend,updatedAt',
    'c-seeded,seeded@example.com,+8613800138000,Asia/Shanghai,true,2,99.5,2027-01-01T00:00:00Z',
  ]);
  if (seeded.totals.imported !== 1) throw new Error(`seeding failed: ${JSON.stringify(seeded.rejects)}`);
  return {
    snapshots,
    importLines,
    close: async () => {
      snapshots.close();
      await tables.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
