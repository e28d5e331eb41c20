import type { KeyObject } from 'node:crypto';
import type { DocumentClient } from '../../functions/commons/dynamo/document-client.ts';
import type { TableNames } from '../../functions/commons/dynamo/tables.ts';
import { systemClock } from '../../functions/commons/runtime/clock.ts';
import { createMetrics } from '../../functions/commons/runtime/observability.ts';
import { DynamoCustomerStore } from '../../functions/commons/stores/customers.ts';
import { DynamoErasureStore } from '../../functions/commons/stores/erasures.ts';
import { DynamoPhoneIndexStore } from '../../functions/commons/stores/phone-index.ts';
import { createImportCustomersHandler } from '../../functions/import-customers/handler.ts';
import type { ImportDeps } from '../../functions/import-customers/import-customers.ts';
import type { BatchSummary, ImportBatch } from '../../functions/import-customers/import-request.ts';
import { createTables } from '../create-tables.ts';
import { localDocumentClient } from '../dynalite/local-client.ts';
import { startDynalite } from '../dynalite/server.ts';
import { LOCAL_TABLES } from '../engine.ts';
import { localPseudonymKey } from '../local-keys.ts';
import { localLogger } from '../local-logger.ts';
import { LAMBDA_CONTEXT } from '../task-handlers.ts';

/** The import function's handler over a document client's tables, as `journeys customers import` calls it. */
export function importHandlerOver(
  client: DocumentClient,
  tables: Pick<TableNames, 'customers' | 'state'>,
  pseudonymKey: KeyObject,
): (batch: ImportBatch) => Promise<BatchSummary> {
  // EMF goes to stdout, which belongs to the command's own output.
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const deps: ImportDeps = {
    clock: systemClock,
    stores: {
      customers: new DynamoCustomerStore(client, tables.customers),
      phoneIndex: new DynamoPhoneIndexStore(client, tables.state),
      erasures: new DynamoErasureStore(client, tables.state, pseudonymKey),
    },
    logger: localLogger(),
    metrics: createMetrics({ silent: true }),
  };
  const handler = createImportCustomersHandler(deps);
  return async (batch) => (await handler(batch as never, LAMBDA_CONTEXT)) as BatchSummary;
}

/**
 * The embedded engine's tables in `dataDir` (where `journeys serve` keeps them), opened on their
 * own: dynalite allows one process per folder, so serve must not be running meanwhile.
 */
export async function openLocalTables(dataDir: string): Promise<{
  readonly importBatch: (batch: ImportBatch) => Promise<BatchSummary>;
  readonly endpoint: string;
  stop(): Promise<void>;
}> {
  const dynamo = await startDynalite(dataDir);
  try {
    await createTables(dynamo.endpoint, LOCAL_TABLES);
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
  const client = localDocumentClient({ endpoint: dynamo.endpoint, requestHandler: dynamo.requestHandler });
  // The data folder's own key, the one its tombstones were written under.
  const key = localPseudonymKey({ PSEUDONYM_KEY: process.env.PSEUDONYM_KEY }, dataDir);
  return {
    importBatch: importHandlerOver(client, LOCAL_TABLES, key),
    endpoint: dynamo.endpoint,
    stop: () => dynamo.stop(),
  };
}
