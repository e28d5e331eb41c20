import type { LocalEngine } from '../engine/engine.ts';
import { importFile } from '../engine/import/import-file.ts';
import { LAMBDA_CONTEXT } from '../engine/task-handlers.ts';
import { createImportCustomersHandler } from '../functions/import-customers/handler.ts';
import type { BatchSummary } from '../functions/import-customers/import-request.ts';
import type { CustomerProfile } from '../workflows/contracts/customer.ts';
import type { CustomerMapping } from '../workflows/schema/customer-mapping.ts';
import { generateCustomerBase } from './customer-base.ts';

export interface CustomerSource {
  /** Customers of the seeded synthetic base. */
  readonly customers: number;
  readonly seed: number;
  /** When the base's profiles were made (epoch ms). */
  readonly createdAt: number;
  /** A customer file (CSV or JSONL) to import instead, as `journeys customers import` does. */
  readonly customersFile?: string;
  readonly mapping?: CustomerMapping;
  readonly onProgress?: (line: string) => void;
}

/**
 * The base a simulation runs on, in the engine's customers table: the seeded synthetic one, or a
 * customer file imported through the import function. The behaviour model needs nothing more of
 * an imported customer than of a synthetic one: its segment comes from the profile's tier, and
 * every draw from the seed forked by the customer's id. Loading is not the campaign's cost, so
 * its requests are not counted. A resumed run finds the base in its tables already.
 */
export async function loadCustomerBase(
  engine: LocalEngine,
  source: CustomerSource,
  resumed: boolean,
): Promise<CustomerProfile[]> {
  if (!source.customersFile) {
    const base = generateCustomerBase(source);
    if (!resumed) await engine.usage.uncounted(() => engine.deps.stores.customers.putMany(base));
    return base;
  }
  if (!resumed) {
    const file = source.customersFile;
    const handler = createImportCustomersHandler(engine.deps);
    const totals = await engine.usage.uncounted(() =>
      importFile({
        file,
        ...(source.mapping ? { mapping: source.mapping } : {}),
        importBatch: async (batch) => (await handler(batch as never, LAMBDA_CONTEXT)) as BatchSummary,
      }),
    );
    source.onProgress?.(
      `imported ${totals.imported} customers from ${file} (${totals.rejected} rows rejected; \`journeys customers import\` lists them)`,
    );
  }
  const profiles: CustomerProfile[] = [];
  await engine.deps.stores.customers.scanSegment(0, 1, async (page) => {
    profiles.push(...page);
  });
  return profiles.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}
