import { describe, expect, test } from 'vitest';
import { LAMBDA_CONTEXT } from '../../../engine/task-handlers.ts';
import type { ErasureStore } from '../../../functions/commons/stores/erasures.ts';
import { createImportCustomersHandler } from '../../../functions/import-customers/handler.ts';
import type { BatchSummary } from '../../../functions/import-customers/import-request.ts';
import { useLocalEngine } from '../../support/engine/store-engine.ts';

/** An erasure that begins while a batch is imported: the import must not bring the customer back. */

const AT = Date.UTC(2027, 5, 1, 2, 0);
const engineOf = useLocalEngine(AT);

describe('an import racing an erasure', () => {
  test('a profile written after the erasure began is taken out again, with its phone index entry', async () => {
    // Prepare: the erasure writes its tombstone right after the batch checked for one (the real
    // store, with the erasure's first step run at that moment).
    const deps = engineOf().deps;
    const real = deps.stores.erasures;
    let checks = 0;
    const erasures: ErasureStore = {
      pseudonymOf: (id) => real.pseudonymOf(id),
      tombstoneOf: (id) => real.tombstoneOf(id),
      record: (id, tombstone) => real.record(id, tombstone),
      wereErased: async (ids) => {
        const answer = await real.wereErased(ids);
        checks += 1;
        if (checks === 1) await real.record('race-1', { erasedAt: AT, removed: {} });
        return answer;
      },
    };
    const handler = createImportCustomersHandler({ ...deps, stores: { ...deps.stores, erasures } });

    // Act
    const summary = (await handler(
      {
        Items: [
          { index: 0, row: { customerId: 'race-1', email: 'race-1@example.com', phone: '+8613800138001' } },
          { index: 1, row: { customerId: 'race-2', email: 'race-2@example.com' } },
        ],
        BatchInput: { source: 'sha256:race', firstRow: 2 },
      } as never,
      LAMBDA_CONTEXT,
    )) as BatchSummary;

    // Assess
    expect(summary).toMatchObject({ rows: 2, imported: 1, rejected: 1 });
    expect(summary.rejects).toEqual([
      { row: 2, column: 'customerId', reason: expect.stringContaining('an import does not bring them back') },
    ]);
    expect(await deps.stores.customers.get('race-1')).toBeUndefined();
    expect(await deps.stores.phoneIndex.customersOf('+8613800138001')).toEqual([]);
    expect(await deps.stores.customers.get('race-2')).toMatchObject({ email: 'race-2@example.com' });
  });
});
