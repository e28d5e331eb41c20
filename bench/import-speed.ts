import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTables } from '../engine/create-tables.ts';
import { localDocumentClient } from '../engine/dynalite/local-client.ts';
import { startDynalite } from '../engine/dynalite/server.ts';
import { LOCAL_TABLES } from '../engine/engine.ts';
import { importFile } from '../engine/import/import-file.ts';
import { importHandlerOver } from '../engine/import/local-import.ts';
import { pseudonymKey } from '../functions/commons/util/pseudonym.ts';
import { generateCustomerBase } from '../simulation/customer-base.ts';
import { writeCustomersCsv } from '../simulation/customer-csv.ts';

export interface ImportSpeed {
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  /** The same file again: every row read and compared, none written. */
  readonly reimportSeconds: number;
  readonly reimportRowsPerSecond: number;
  readonly rejected: number;
}

/**
 * `journeys customers import` of a synthetic base written as CSV, into the embedded engine's
 * tables (dynalite in memory, in its worker), through the import function in its batches of 500.
 */
export async function importSpeed(rows: number): Promise<ImportSpeed> {
  const folder = mkdtempSync(join(tmpdir(), 'journeys-bench-import-'));
  const file = join(folder, 'customers.csv');
  await writeCustomersCsv(
    file,
    generateCustomerBase({ customers: rows, seed: 618, createdAt: Date.UTC(2026, 5, 1) }),
  );
  const dynamo = await startDynalite();
  try {
    await createTables(dynamo.endpoint, LOCAL_TABLES);
    const client = localDocumentClient({ endpoint: dynamo.endpoint, requestHandler: dynamo.requestHandler });
    const importBatch = importHandlerOver(client, LOCAL_TABLES, pseudonymKey(randomBytes(32)));
    const first = await importFile({ file, importBatch });
    const second = await importFile({ file, importBatch });
    return {
      rows,
      seconds: first.elapsedMs / 1000,
      rowsPerSecond: rows / (first.elapsedMs / 1000),
      reimportSeconds: second.elapsedMs / 1000,
      reimportRowsPerSecond: rows / (second.elapsedMs / 1000),
      rejected: first.rejected,
    };
  } finally {
    await dynamo.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
